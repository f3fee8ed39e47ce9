import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { METHOD_MODULE, METHOD_NAMES } from '../../api/contract';
import { assembleDomains, method, type MethodDef } from '../../api/define-method';
import { Empty, Ok } from '../../api/define-method';

const root = fileURLToPath(new URL('../../', import.meta.url));
const def = method({
  summary: 'A method for this test.',
  role: 'public',
  input: Empty,
  output: Ok,
  handler: () => ({ ok: true as const }),
}) as unknown as MethodDef;

describe('the API by domain', () => {
  it('refuses a method defined in two domain modules, and a domain export that does not say which file it is', () => {
    expect(() =>
      assembleDomains({ salesMethods: { 'sales.x': def }, stockMethods: { 'sales.x': def } }),
    ).toThrow(/sales\.x is defined in two domain modules \(api\/methods\/sales\.ts, stock\)/);
    expect(() => assembleDomains({ sales: { 'sales.x': def } })).toThrow(/exported as <domain>Methods/);
    const ok = assembleDomains({ salesMethods: { 'sales.x': def }, stockMethods: { 'stock.y': def } });
    expect(ok.modules).toEqual({ 'sales.x': 'api/methods/sales.ts', 'stock.y': 'api/methods/stock.ts' });
  });

  it('names the module of every method, and each of those files exists', async () => {
    const { existsSync } = await import('node:fs');
    for (const name of METHOD_NAMES) {
      expect(METHOD_MODULE[name], name).toMatch(/^api\/methods\/[a-zA-Z0-9]+\.ts$/);
      expect(existsSync(root + METHOD_MODULE[name]), METHOD_MODULE[name]).toBe(true);
    }
  });

  it('keeps the report worker, which loads every handler, free of serialport and of the devices layer', async () => {
    const result = await build({
      entryPoints: [root + 'api/report-worker.ts'],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      write: false,
      metafile: true,
      logLevel: 'silent',
      outfile: 'report-worker.mjs',
    });
    const inputs = Object.keys(result.metafile.inputs);
    // The handlers really are in it (sanity: the check below would pass on an empty bundle).
    expect(inputs).toContain('api/methods/devices.ts');
    expect(inputs.filter((f) => f.startsWith('devices/'))).toEqual([]);
    const packages = Object.values(result.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
    expect(packages).not.toContain('serialport');
  });
});
