/**
 * Bundles the station server into out/station/main.mjs: started with plain node it answers in a
 * fraction of the time tsx needs to compile the TypeScript sources on the fly.
 *
 *   tsx server/build.ts
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isEntryPoint } from './entry-point';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export async function buildStation(outdir = join(ROOT, 'out', 'station')): Promise<string> {
  await build({
    // The report worker is a second entry: worker threads load it beside main.mjs (api/report-workers.ts).
    entryPoints: {
      main: join(ROOT, 'server', 'main.ts'),
      'report-worker': join(ROOT, 'api', 'report-worker.ts'),
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    // Packages imported at first use (selfsigned, pdf-lib) go to chunks of their own, which a start neither
    // reads nor compiles: the one bundle was ~4 MB that node compiled before the first answer.
    splitting: true,
    target: 'node20',
    outdir,
    outExtension: { '.js': '.mjs' },
    // playwright-core (the documents' Chromium) finds its own files through __dirname: kept a package.
    external: [
      'better-sqlite3',
      'serialport',
      '@serialport/*',
      '@napi-rs/canvas',
      'node-thermal-printer',
      'playwright-core',
    ],
    // Bundled CommonJS dependencies still call require() for node built-ins.
    banner: {
      js: "import { createRequire as __souk_cr } from 'node:module'; const require = __souk_cr(import.meta.url);",
    },
    legalComments: 'none',
    logLevel: 'warning',
  });
  return join(outdir, 'main.mjs');
}

if (isEntryPoint(import.meta.url)) {
  buildStation()
    .then((file) => console.log(`station built: ${file}`))
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
