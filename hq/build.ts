/**
 * Bundles the HQ service into out/hq/main.mjs: plain node starts it in a fraction of tsx's time, which the
 * chaos test (HQ killed and restarted many times) and the bench need.
 *
 *   tsx hq/build.ts
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isEntryPoint } from '../server/entry-point';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export async function buildHq(outdir = join(ROOT, 'out', 'hq')): Promise<string> {
  await build({
    entryPoints: { main: join(ROOT, 'hq', 'main.ts') },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir,
    outExtension: { '.js': '.mjs' },
    // pg's optional native binding, and the PDF/canvas stack the settlement documents load: kept packages.
    external: ['pg-native', 'better-sqlite3', '@napi-rs/canvas', 'playwright-core'],
    banner: {
      js: "import { createRequire as __souk_cr } from 'node:module'; const require = __souk_cr(import.meta.url);",
    },
    legalComments: 'none',
    logLevel: 'warning',
  });
  return join(outdir, 'main.mjs');
}

if (isEntryPoint(import.meta.url)) {
  buildHq()
    .then((file) => console.log(`HQ built: ${file}`))
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
