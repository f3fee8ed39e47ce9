/**
 * Bundles the Electron main process and preload into out/electron (main.cjs, preload.cjs), since
 * Electron runs JavaScript, not TypeScript. Native modules stay external: they are loaded from
 * node_modules and rebuilt for Electron's ABI by electron-builder at packaging time.
 *
 *   tsx electron/build.ts [--outdir DIR] [--dev]
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isEntryPoint } from '../server/entry-point';
import { build, type BuildOptions, type Metafile } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Native addons and Electron itself: never bundled. Nor playwright-core (documents/pdf/ imports it), which
 * finds its own files through __dirname and fails at load once bundled.
 */
export const EXTERNAL = [
  'electron',
  'better-sqlite3',
  'serialport',
  '@serialport/*',
  '@napi-rs/canvas',
  'playwright-core',
];

export interface BuildResult {
  outdir: string;
  main: string;
  preload: string;
  /** The report worker thread's entry (ESM), loaded by main.cjs's report workers. */
  reportWorker: string;
  metafiles: Metafile[];
}

export async function buildElectron(
  options: { outdir?: string; production?: boolean } = {},
): Promise<BuildResult> {
  const outdir = resolve(options.outdir ?? join(ROOT, 'out', 'electron'));
  const production = options.production ?? true;
  const common: BuildOptions = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    outdir,
    outExtension: { '.js': '.cjs' },
    sourcemap: production ? false : 'inline',
    minify: false,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
  };
  const main = await build({
    ...common,
    entryPoints: { main: join(ROOT, 'electron', 'main.ts') },
    external: EXTERNAL,
  });
  // The preload runs in a sandbox where only 'electron' can be required: everything else is inlined.
  const preload = await build({
    ...common,
    entryPoints: { preload: join(ROOT, 'electron', 'preload.ts') },
    external: ['electron'],
  });
  // The report worker thread (api/report-worker.ts), beside main.cjs: ESM like the station's, since
  // worker threads load it by path; require() is recreated for the bundled CommonJS dependencies.
  const worker = await build({
    ...common,
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    entryPoints: { 'report-worker': join(ROOT, 'api', 'report-worker.ts') },
    external: EXTERNAL,
    banner: {
      js: "import { createRequire as __souk_cr } from 'node:module'; const require = __souk_cr(import.meta.url);",
    },
  });
  return {
    outdir,
    main: join(outdir, 'main.cjs'),
    reportWorker: join(outdir, 'report-worker.mjs'),
    preload: join(outdir, 'preload.cjs'),
    metafiles: [main.metafile, preload.metafile, worker.metafile].filter((m): m is Metafile => !!m),
  };
}

const invokedDirectly = isEntryPoint(import.meta.url);
if (invokedDirectly) {
  const { values } = parseArgs({
    options: { outdir: { type: 'string' }, dev: { type: 'boolean', default: false } },
  });
  buildElectron({ outdir: values.outdir, production: !values.dev })
    .then((r) => console.log(`Electron main and preload built: ${r.main}, ${r.preload}`))
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
