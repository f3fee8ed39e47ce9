import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * True when the module at `moduleUrl` (its import.meta.url) is the script node was started with, false
 * when it was imported. The one test for every host's and tool's "run me" block (station, till host, HQ,
 * build scripts, benches). Real paths on both sides: run through a symlinked folder (a node_modules link,
 * /opt/souk -> a release), node gives the module its real path while argv[1] keeps the link's, and
 * comparing them as written made the bundled station exit silently, doing nothing.
 */
export function isEntryPoint(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    // argv[1] names no file as written (node found it by adding an extension): not this module's path.
    return false;
  }
}
