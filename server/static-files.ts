/**
 * Where the built renderer's files are and what they are, for both hosts that serve them: the station's
 * HTTP server (server/http.ts) and the desktop shell's app:// protocol (electron/main.ts). One table and
 * one containment rule, so a file type or a path trick is handled the same way in a kiosk and on the desktop.
 */
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.pdf': 'application/pdf',
};

/** The content type of a renderer file; unknown types are bytes (with nosniff, never guessed as script). */
export function mimeType(file: string): string {
  return MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The absolute file a request path names inside `root` (leading slashes ignored), the folder itself for an
 * empty path, or null when it would leave the folder: ../ segments, an absolute path, or a sibling that merely
 * shares the folder's name as a prefix (dist/renderer-private next to dist/renderer).
 */
export function fileInside(root: string, pathname: string): string | null {
  const base = resolve(root);
  const file = resolve(base, pathname.replace(/^[/\\]+/, ''));
  if (file === base) return base;
  const inside = relative(base, file);
  if (inside.startsWith('..') || isAbsolute(inside) || inside.split(sep).includes('..')) return null;
  return file;
}
