import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as PdfLib from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStation } from '../../server/build';
import { tlsFiles } from '../../server/tls';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Issue 10: the station's start went from 0.6 to 4 s when selfsigned (@peculiar/x509) and pdf-lib were
 * compiled and run at every start. They are imported at first use; this checks the bundle a shop runs.
 */
describe('the station bundle', () => {
  let dir: string;
  let main: string;
  beforeAll(async () => {
    // Inside the project so the bundle finds node_modules (its external packages).
    dir = mkdtempSync(join(ROOT, 'node_modules', '.cache-souk-lazy-'));
    main = await buildStation(join(dir, 'station'));
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The files node reads before running main.mjs: it and the chunks it imports statically, transitively. */
  function loadedAtStart(): string {
    const seen = new Set<string>();
    const visit = (file: string): string => {
      if (seen.has(file)) return '';
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      // Static imports only (`import {…} from "./x.mjs"`, `import "./x.mjs"`); import("./x.mjs") waits for first use.
      const deps = [...text.matchAll(/(?:from|import)\s*"(\.\/[^"]+\.mjs)"/g)].map((m) => m[1]!);
      return text + deps.map((d) => visit(join(dirname(file), d))).join('');
    };
    return visit(main);
  }

  it('does not load selfsigned or pdf-lib at start', () => {
    const code = loadedAtStart();
    expect(code).toContain('Souk POS station');
    // Markers found only in those packages' own code.
    expect(code).not.toContain('X509CertificateGenerator');
    expect(code).not.toContain('Hopding/pdf-lib');
  });

  it('keeps pdf-lib in a chunk whose exports the label sheet finds', async () => {
    const folder = dirname(main);
    const chunk = readdirSync(folder).find(
      (f) => f.endsWith('.mjs') && readFileSync(join(folder, f), 'utf8').includes('Hopding/pdf-lib'),
    );
    expect(chunk).toBeDefined();
    // Read as documents/label-sheet-pdf.ts reads it.
    const mod = (await import(pathToFileURL(join(folder, chunk!)).href)) as { default: typeof PdfLib };
    const { PDFDocument } = mod.default;
    expect((await (await PDFDocument.create()).save()).byteLength).toBeGreaterThan(0);
  });

  it('still makes its LAN certificate from the chunk it loads at first use', async () => {
    const data = mkdtempSync(join(tmpdir(), 'souk-lazy-'));
    const db = join(data, 'souk.db');
    const child = spawn(process.execPath, [main, '--db', db, '--port', '0', '--lan'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    try {
      const started = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).on('line', (line) => {
          if (line.startsWith('Souk POS station')) resolve(line);
        });
        child.on('exit', (code) => reject(new Error(`station exited (${code}): ${stderr}`)));
      });
      expect(started).toContain('open to the LAN');
      const { certFile, keyFile } = tlsFiles(db);
      expect(existsSync(certFile) && existsSync(keyFile)).toBe(true);
      expect(readFileSync(certFile, 'utf8')).toContain('BEGIN CERTIFICATE');
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(data, { recursive: true, force: true });
    }
  }, 60_000);
});
