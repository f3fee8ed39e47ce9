import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_START_URL } from '../../electron/config';

const ROOT = new URL('../../', import.meta.url).pathname;
const yml = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8');

/**
 * The `key: value` lines of one top-level block of a YAML file, as strings. Enough for the flat
 * blocks of electron-builder.yml, without a YAML dependency; a nested or flow-style block is refused
 * so that a reformatted file fails here rather than passing unread.
 */
function block(text: string, name: string): Record<string, string> | null {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.replace(/\s+#.*$/, '').trimEnd() === `${name}:`);
  if (start < 0) return null;
  const out: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) break; // the next top-level key
    const m = /^ {2}([A-Za-z][\w-]*):\s*(.*?)\s*(#.*)?$/.exec(line);
    if (!m || m[2] === '') throw new Error(`${name}: cannot read "${line.trim()}" as a flat key: value`);
    out[m[1] ?? ''] = m[2] ?? '';
  }
  return out;
}

function topLevel(text: string, key: string): string | null {
  const m = new RegExp(`^${key}:\\s*(.*?)\\s*(#.*)?$`, 'm').exec(text);
  return m ? (m[1] ?? '') : null;
}

describe('electron-builder.yml fuses', () => {
  it('turns off the Node entry points and on the asar and cookie protections', () => {
    expect(block(yml, 'electronFuses')).toEqual({
      runAsNode: 'false',
      enableCookieEncryption: 'true',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
      loadBrowserProcessSpecificV8Snapshot: 'false',
      grantFileProtocolExtraPrivileges: 'false',
    });
  });

  it('packs the app into app.asar, which onlyLoadAppFromAsar and the integrity check rely on', () => {
    expect(topLevel(yml, 'asar')).toBe('true');
    // Integrity validation needs the hash electron-builder embeds; disabling it would make the fuse a no-op.
    expect(yml).not.toMatch(/disableIntegrity:\s*true/);
  });

  it('keeps the shell working with those fuses: no forked Node, no file:// renderer', () => {
    const sources = readdirSync(join(ROOT, 'electron')).filter((f) => f.endsWith('.ts'));
    for (const file of sources) {
      const text = readFileSync(join(ROOT, 'electron', file), 'utf8');
      expect(text, file).not.toMatch(/\bfork\(|ELECTRON_RUN_AS_NODE|child_process/);
      // Code, not comments: a window loading a file: URL would lose what grantFileProtocolExtraPrivileges gave it.
      const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(code, file).not.toMatch(/loadFile\(|['"`]file:/);
    }
    expect(APP_START_URL).toMatch(/^app:\/\//);
  });

  it('reads the block strictly: a flow-style or nested block is an error, not a pass', () => {
    expect(() => block('electronFuses:\n  runAsNode:\n    deep: 1\n', 'electronFuses')).toThrow(/flat/);
    expect(block('electronFuses: { runAsNode: false }\n', 'electronFuses')).toBeNull();
  });
});
