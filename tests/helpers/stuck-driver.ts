import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Makes every attempt to open a serial port in this process hang, as a stuck USB driver does:
 * serialport opens on libuv's thread pool, so blocking all of its threads in open() of FIFOs nobody
 * writes to holds any open queued behind them. `release` opens the FIFOs for writing, which lets the
 * pool go. Everything else that uses the pool (fs, dns.lookup) waits too, so keep the window short.
 */
export async function stuckDriver(): Promise<{ release(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'souk-stuck-'));
  const threads = Number(process.env.UV_THREADPOOL_SIZE ?? 4) || 4;
  const fifos = Array.from({ length: threads }, (_, i) => join(dir, `stuck-${i}`));
  for (const f of fifos) execFileSync('mkfifo', [f]);
  const blocked: Promise<FileHandle>[] = fifos.map((f) => open(f, 'r'));
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      // A reader is waiting in open(), so a non-blocking writer is accepted and wakes it.
      for (const f of fifos) closeSync(openSync(f, constants.O_WRONLY | constants.O_NONBLOCK));
      for (const h of await Promise.all(blocked)) await h.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
