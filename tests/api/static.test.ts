import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStation, type Station } from '../../server/station';

let station: Station;
let dir: string;

/** A raw GET, so that '..' segments reach the server as sent (fetch would normalise them). */
function rawGet(path: string): Promise<{ status: number; body: string; csp: string | undefined }> {
  const url = new URL(station.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body,
          csp: res.headers['content-security-policy'] as string | undefined,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'souk-static-'));
  const root = join(dir, 'renderer');
  mkdirSync(root);
  mkdirSync(join(dir, 'renderer-private'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Souk POS</title>');
  writeFileSync(join(root, 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'renderer-private', 'secret.txt'), 'secret');
  writeFileSync(join(dir, 'secret.txt'), 'secret');
  station = await startStation({ dbFile: join(dir, 'x.db'), port: 0, staticDir: root });
});
afterAll(() => station.close());

describe('static files', () => {
  it('serves the app with its CSP and falls back to index.html for app routes', async () => {
    const js = await rawGet('/app.js');
    expect(js.body).toBe('console.log(1)');
    expect(js.csp).toContain("script-src 'self'");
    expect((await rawGet('/sell')).body).toContain('<title>Souk POS</title>');
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const path of [
      '/../secret.txt',
      '/../renderer-private/secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/..%2frenderer-private%2fsecret.txt',
    ]) {
      const r = await rawGet(path);
      expect(r.body, path).not.toContain('secret');
    }
  });

  it('serves a rebuilt file, not the copy it kept in memory', async () => {
    const file = join(dir, 'renderer', 'app.js');
    expect((await rawGet('/app.js')).body).toBe('console.log(1)');
    writeFileSync(file, 'console.log(2)'); // same size: only the mtime tells
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect((await rawGet('/app.js')).body).toBe('console.log(2)');
    writeFileSync(file, 'console.log("rebuilt")');
    expect((await rawGet('/app.js')).body).toBe('console.log("rebuilt")');
  });
});
