/**
 * The bundled station as the benchmarks drive it: a child process on a free port, and a client on one
 * kept-alive connection per role (a till, a manager), as a till's browser holds one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOCUMENT_FIELD, PDF_TYPE, RESULT_HEADER } from '../api/document-wire';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => ok(port));
    });
  });
}

export interface RunningStation {
  url: string;
  port: number;
  child: ChildProcess;
  /** From the spawn to the first answer to system.info, in ms. */
  readyMs: number;
  /** The station's resident memory now (VmRSS of its process), in MB. */
  rssMb(): number;
  stop(): Promise<void>;
  /** SIGKILL, as a power cut would (the till bench's offline run). */
  kill(): Promise<void>;
}

export interface StationStartOptions {
  reportWorkers?: number | null;
  /** e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** A given port (a station coming back where its tills expect it); a free one by default. */
  port?: number;
  /** How often to ask whether it answers yet (the start-up bench times it closely). */
  pollMs?: number;
  /** How long it may take to answer; it is killed and the start fails past this. */
  readyTimeoutMs?: number;
}

/** Starts out/station/main.mjs (buildStation) on dbFile, ready once it answers system.info. */
export async function startStation(
  main: string,
  dbFile: string,
  options: StationStartOptions = {},
): Promise<RunningStation> {
  const port = options.port ?? (await freePort());
  const readyTimeoutMs = options.readyTimeoutMs ?? 300_000;
  const args = [...(options.nodeArgs ?? []), main, '--db', dbFile, '--port', String(port)];
  if (options.reportWorkers !== undefined && options.reportWorkers !== null)
    args.push('--report-workers', String(options.reportWorkers));
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  const url = `http://127.0.0.1:${port}`;
  const probe = new StationClient(port);
  for (;;) {
    if (child.exitCode !== null) {
      probe.close();
      throw new Error(`station exited: ${stderr.slice(0, 300)}`);
    }
    // A migration or a search index rebuild on a 600 MB shop can take minutes on a loaded machine.
    if (performance.now() - started > readyTimeoutMs) {
      child.kill('SIGKILL'); // never left running behind a failed bench
      probe.close();
      throw new Error(`station did not answer within ${readyTimeoutMs / 1000} s: ${stderr.slice(0, 300)}`);
    }
    try {
      await probe.call('system.info', {});
      break;
    } catch {
      await new Promise((r) => setTimeout(r, options.pollMs ?? 20)); // not listening yet
    }
  }
  const readyMs = performance.now() - started;
  probe.close();
  if (stderr.trim()) console.log(`  station says: ${stderr.trim().slice(0, 300)}`);
  const ended = () => child.exitCode !== null || child.signalCode !== null;
  return {
    url,
    port,
    child,
    readyMs,
    rssMb: () => rssOf(child.pid),
    stop: async () => {
      if (ended()) return;
      // SIGINT, not SIGTERM: the station closes cleanly either way, and --cpu-prof writes its profile on exit.
      child.kill('SIGINT');
      await exited;
    },
    kill: async () => {
      if (ended()) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

function rssOf(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    // /proc exists on Linux only: elsewhere the bench says "-".
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
    return kb / 1024;
  } catch {
    return Number.NaN;
  }
}

export class StationCallError extends Error {
  constructor(
    readonly method: string,
    readonly code: string,
    message: string,
  ) {
    super(`${method}: ${code} ${message}`);
  }
}

/**
 * POST /api/<method> on one kept-alive socket, with node:http rather than fetch: undici's fetch costs
 * the bench process about half a millisecond a call, which would be counted against the station.
 */
export class StationClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
  token: string | null = null;

  /**
   * `idleTimeoutMs`: how long a call may go without a byte from the station before it fails (a station that
   * stopped answering, or a foreign server on a reused port); a 200 x 400 label sheet is silent for minutes.
   */
  constructor(
    readonly port: number,
    private readonly idleTimeoutMs = 300_000,
  ) {}

  /**
   * The raw answer: status and body bytes (for the CSV export and big PDFs). It accepts a document as its
   * own bytes, as the renderer does (api/document-body.ts): `text` is then the rest of the result's header.
   */
  post(
    path: string,
    body: unknown,
  ): Promise<{ status: number; bytes: number; text: string | null; document: boolean }> {
    const text = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: this.port,
          path,
          method: 'POST',
          agent: this.agent,
          headers: {
            'content-type': 'application/json',
            accept: `application/json, ${PDF_TYPE}`,
            'content-length': Buffer.byteLength(text),
            ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
          },
        },
        (res) => {
          const type = res.headers['content-type'] ?? '';
          const document = type === PDF_TYPE;
          // Counted, not kept: a CSV export or a PDF of tens of MB is not the bench's to hold.
          const keep = !type.startsWith('text/csv') && !document;
          const chunks: Buffer[] = [];
          let bytes = 0;
          res.on('data', (c: Buffer) => {
            bytes += c.length;
            if (keep) chunks.push(c);
          });
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              bytes,
              text: document
                ? decodeURIComponent(String(res.headers[RESULT_HEADER] ?? '{}'))
                : keep
                  ? Buffer.concat(chunks).toString('utf8')
                  : null,
              document,
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.setTimeout(this.idleTimeoutMs, () =>
        req.destroy(new Error(`POST ${path}: nothing from the station for ${this.idleTimeoutMs / 1000} s`)),
      );
      req.end(text);
    });
  }

  /** A method's result; a document's bytes are counted, not kept: its field holds their number. */
  async call<T = unknown>(method: string, input: unknown): Promise<T> {
    const res = await this.post(`/api/${method}`, input);
    if (res.document)
      return { ...(JSON.parse(res.text ?? '{}') as object), [DOCUMENT_FIELD]: res.bytes } as T;
    const body = JSON.parse(res.text ?? '{}') as {
      ok: boolean;
      result?: unknown;
      error?: { code: string; message: string };
    };
    if (!body.ok)
      throw new StationCallError(method, body.error?.code ?? String(res.status), body.error?.message ?? '');
    return body.result as T;
  }

  async login(userId: number, pin: string): Promise<this> {
    this.token = (await this.call<{ token: string }>('auth.login', { userId, pin })).token;
    return this;
  }

  close(): void {
    this.agent.destroy();
  }
}
