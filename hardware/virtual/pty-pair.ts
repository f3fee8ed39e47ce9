import { spawn, type ChildProcess } from 'node:child_process';

/**
 * A pair of connected pseudo-terminals made by socat, standing in for a serial cable:
 * bytes written to one end come out of the other. Open one end as the device (a simulator)
 * and the other as the till. Needs the `socat` binary (Debian package socat).
 *
 *   const pty = await openPtyPair();
 *   // ... new SerialPort({ path: pty.a }) and new SerialPort({ path: pty.b }) ...
 *   await pty.close();
 *
 * `links` makes socat publish the ends under fixed symlink names, so a test can kill the pair
 * (an unplugged USB adapter) and start a new one at the same paths (plugged back in).
 * Ptys carry no modem lines and are not listed by SerialPort.list(): don't use either on them.
 */
export interface PtyPair {
  /** Path of the first end (the symlink when `links` was given). */
  a: string;
  /** Path of the second end. */
  b: string;
  /** The /dev/pts paths socat reported, in the same order. */
  devices: [string, string];
  /** True once socat has exited (killed or died). */
  readonly exited: boolean;
  /** Kills socat and waits for it to exit; safe to call twice. */
  close(): Promise<void>;
}

export interface PtyPairOptions {
  links?: [string, string];
  /** How long to wait for socat to report both ptys. */
  startTimeoutMs?: number;
}

export async function openPtyPair(opts: PtyPairOptions = {}): Promise<PtyPair> {
  const [linkA, linkB] = opts.links ?? [];
  const end = (link: string | undefined) => `pty,raw,echo=0${link ? `,link=${link}` : ''}`;
  const child: ChildProcess = spawn('socat', ['-d', '-d', end(linkA), end(linkB)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let exited = false;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
  });

  const devices = await new Promise<[string, string]>((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`socat did not report two ptys in time: ${stderr}`));
    }, opts.startTimeoutMs ?? 10_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const found = [...stderr.matchAll(/PTY is (\/dev\/pts\/\d+)/g)].map((m) => m[1] ?? '');
      // socat creates the links before it starts the transfer loop, so wait for that line too.
      if (found.length >= 2 && stderr.includes('starting data transfer loop')) {
        clearTimeout(timer);
        resolve([found[0] ?? '', found[1] ?? '']);
      }
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`socat exited early (${code ?? signal}): ${stderr}`));
    });
  });
  // Keep draining stderr so socat never blocks on a full pipe.
  child.stderr?.resume();

  return {
    a: linkA ?? devices[0],
    b: linkB ?? devices[1],
    devices,
    get exited() {
      return exited;
    },
    async close() {
      if (!exited) child.kill('SIGTERM');
      await exitPromise;
    },
  };
}
