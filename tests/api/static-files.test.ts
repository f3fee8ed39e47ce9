import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileInside, mimeType } from '../../server/static-files';

describe('renderer files, as both hosts find them', () => {
  const root = resolve('/srv/souk/renderer');

  it('keeps every path inside the folder', () => {
    expect(fileInside(root, '/assets/app.js')).toBe(join(root, 'assets', 'app.js'));
    expect(fileInside(root, '//assets/../index.html')).toBe(join(root, 'index.html'));
    expect(fileInside(root, '/')).toBe(root);
    expect(fileInside(root, '/../renderer-private/key.pem')).toBeNull();
    expect(fileInside(root, '../../etc/passwd')).toBeNull();
    expect(fileInside(root, 'assets/../../x')).toBeNull();
  });

  it('types the files a build holds, and anything else as bytes', () => {
    expect(mimeType('index.html')).toBe('text/html; charset=utf-8');
    expect(mimeType('APP.JS')).toBe('text/javascript; charset=utf-8');
    expect(mimeType('font.woff2')).toBe('font/woff2');
    expect(mimeType('statement.pdf')).toBe('application/pdf');
    expect(mimeType('notes')).toBe('application/octet-stream');
  });
});
