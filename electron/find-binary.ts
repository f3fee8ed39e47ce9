import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The Electron executable if one is installed, found the way node_modules/electron finds it but
 * without requiring that module: requiring it starts a download when the binary is missing.
 * SOUK_ELECTRON_BINARY points at a binary installed elsewhere.
 */
export function electronBinary(): string | null {
  const override = process.env.SOUK_ELECTRON_BINARY;
  if (override) return existsSync(override) ? override : null;
  const pkg = join(ROOT, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(pkg, 'dist');
  const binary = join(dist, relative);
  return existsSync(binary) ? binary : null;
}
