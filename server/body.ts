import type { IncomingMessage } from 'node:http';

export interface HttpLimits {
  /** Largest request body; a CSV import of a big catalogue is the largest legitimate one. */
  maxBodyBytes: number;
  /** Bytes of request bodies held in memory at once, across all connections; over it callers get 503. */
  maxInflightBodyBytes: number;
  /** Time a body may take, plus `received / minBodyBytesPerSecond`: a big upload on slow Wi-Fi still fits. */
  bodyTimeoutMs: number;
  minBodyBytesPerSecond: number;
  headersTimeoutMs: number;
  /** Outer bound on receiving a whole request, above what the body deadline allows for the largest body. */
  requestTimeoutMs: number;
  /** After refusing a body, how long the rest of it is read and dropped so the client reads the answer. */
  lingerMs: number;
  lingerBytes: number;
}

export const DEFAULT_LIMITS: HttpLimits = {
  maxBodyBytes: 12 * 1024 * 1024,
  maxInflightBodyBytes: 32 * 1024 * 1024,
  bodyTimeoutMs: 5000,
  minBodyBytesPerSecond: 64 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 300_000,
  lingerMs: 2000,
  lingerBytes: 16 * 1024 * 1024,
};

/** Bytes of bodies being read or held, across all requests: many large bodies at once cannot grow memory without bound. */
export class BodyBudget {
  private used = 0;
  constructor(private readonly max: number) {}

  take(n: number): boolean {
    if (this.used + n > this.max) return false;
    this.used += n;
    return true;
  }

  give(n: number): void {
    this.used = Math.max(0, this.used - n);
  }

  get inUse(): number {
    return this.used;
  }
}

export type BodyRefusal = 'too-large' | 'busy' | 'timeout' | 'gone';

export type BodyResult =
  { ok: true; text: string; release: () => void } | { ok: false; reason: BodyRefusal; release: () => void };

/**
 * Reads a request body within the size limit, the shared memory budget and the body deadline.
 * A declared length is refused or reserved before a byte is read; a chunked body reserves as it
 * grows. On refusal it stops collecting and leaves the rest of the body unread for the caller to
 * drain. `release` gives the reservation back once the body's text is no longer needed.
 */
export function readBody(req: IncomingMessage, limits: HttpLimits, budget: BodyBudget): Promise<BodyResult> {
  let reserved = 0;
  const release = () => {
    budget.give(reserved);
    reserved = 0;
  };
  const declared = req.headers['content-length'] === undefined ? null : Number(req.headers['content-length']);
  if (declared !== null && declared > limits.maxBodyBytes)
    return Promise.resolve({ ok: false, reason: 'too-large', release });
  if (declared !== null) {
    if (!budget.take(declared)) return Promise.resolve({ ok: false, reason: 'busy', release });
    reserved = declared;
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const started = Date.now();
    let done = false;
    const finish = (result: BodyResult) => {
      if (done) return;
      done = true;
      clearInterval(clock);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      if (!result.ok) {
        chunks.length = 0;
        release();
      }
      resolve(result);
    };
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > limits.maxBodyBytes) return finish({ ok: false, reason: 'too-large', release });
      if (size > reserved) {
        if (!budget.take(size - reserved)) return finish({ ok: false, reason: 'busy', release });
        reserved = size;
      }
      chunks.push(c);
    };
    const onEnd = () => {
      const text = Buffer.concat(chunks).toString('utf8');
      chunks.length = 0;
      finish({ ok: true, text, release });
    };
    const onClose = () => {
      if (!req.complete) finish({ ok: false, reason: 'gone', release });
    };
    const clock = setInterval(
      () => {
        const allowed = limits.bodyTimeoutMs + (size * 1000) / limits.minBodyBytesPerSecond;
        if (Date.now() - started > allowed) finish({ ok: false, reason: 'timeout', release });
      },
      Math.max(10, Math.min(250, limits.bodyTimeoutMs / 4)),
    );
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onClose);
  });
}
