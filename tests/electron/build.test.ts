import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildElectron, EXTERNAL } from '../../electron/build';

const outdir = mkdtempSync(join(tmpdir(), 'souk-electron-build-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const requires = (file: string) =>
  [
    ...new Set([...readFileSync(file, 'utf8').matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1] ?? '')),
  ].sort();

describe('electron/build.ts', () => {
  it('bundles main.cjs and preload.cjs with native modules left external', async () => {
    const r = await buildElectron({ outdir });
    expect(r.main).toBe(join(outdir, 'main.cjs'));
    const mainRequires = requires(r.main);
    // Native addons are loaded from node_modules, so electron-builder can rebuild them for Electron.
    expect(mainRequires).toContain('electron');
    expect(mainRequires).toContain('better-sqlite3');
    const bare = mainRequires.filter((m) => !m.startsWith('node:') && !builtinModules.includes(m));
    const external = (m: string) =>
      EXTERNAL.some((e) => e === m || (e.endsWith('/*') && m.startsWith(e.slice(0, -1))));
    expect(bare.filter((m) => !external(m))).toEqual([]);
    // Our own code (dispatcher, migrations) is inside the bundle, not required at run time.
    const main = readFileSync(r.main, 'utf8');
    expect(main).toContain('souk:call');
    expect(main).toContain('CREATE TABLE sales');
    expect(main).not.toMatch(/import\.meta/);
  });

  it('makes a preload that requires nothing but electron (the sandbox allows nothing else)', async () => {
    const r = await buildElectron({ outdir });
    expect(requires(r.preload)).toEqual(['electron']);
    const preload = readFileSync(r.preload, 'utf8');
    expect(preload).toContain('exposeInMainWorld');
    expect(preload).toContain('souk:call');
  });
});
