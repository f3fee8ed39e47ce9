import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderApiDocs } from '../../api/docs';
import { contract, METHOD_NAMES } from '../../api/contract';
import { handlers } from '../../api/handlers';

describe('API contract', () => {
  it('docs/api.md is generated from the contract (run npm run docs:api after changing it)', () => {
    const onDisk = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
    expect(onDisk).toBe(renderApiDocs());
  });

  it('has exactly one handler per method and a summary and role for each', () => {
    expect(Object.keys(handlers).sort()).toEqual([...METHOD_NAMES].sort());
    for (const name of METHOD_NAMES) {
      expect(contract[name].summary.length, name).toBeGreaterThan(10);
      expect(['public', 'cashier', 'manager', 'admin']).toContain(contract[name].role);
    }
  });

  it('refuses floats for money and quantities in every schema that takes them', () => {
    const checkout = contract['sales.checkout'].input;
    const base = {
      clientId: 'abcdefgh1',
      lines: [{ productId: 1, quantity: 1000 }],
      payments: [{ method: 'cash', amount: 100 }],
    };
    expect(checkout.safeParse(base).success).toBe(true);
    expect(checkout.safeParse({ ...base, payments: [{ method: 'cash', amount: 100.5 }] }).success).toBe(
      false,
    );
    expect(checkout.safeParse({ ...base, lines: [{ productId: 1, quantity: 0 }] }).success).toBe(false);
    expect(checkout.safeParse({ ...base, lines: [{ productId: 1, quantity: 2 ** 60 }] }).success).toBe(false);
    expect(checkout.safeParse({ ...base, payments: [{ method: 'cheque', amount: 100 }] }).success).toBe(
      false,
    );
  });
});
