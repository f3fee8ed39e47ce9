import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createCustomer } from '../../db/services/customers';
import { eraseCustomer } from '../../db/services/personal-data';
import { makeFixture, type Fixture } from './fixture';

let f: Fixture | undefined;
afterEach(() => f?.close());

const PHONE = '+212 661 48 29 73';
const EMAIL = 'h.benali@riad-zitoun.ma';

/** The file and its WAL exactly as they lie on disk: no checkpoint taken for the reader. */
function bytesOnDisk(fx: Fixture): string {
  const wal = `${fx.file}-wal`;
  return (
    readFileSync(fx.file).toString('latin1') + (existsSync(wal) ? readFileSync(wal).toString('latin1') : '')
  );
}

describe('erasure and the write-ahead log', () => {
  it('leaves no copy of the erased values in the WAL or the file, without waiting for a checkpoint', () => {
    f = makeFixture({ withStock: false });
    const c = createCustomer(f.store, f.asManager, {
      name: 'Hassan Benali',
      phone: PHONE,
      email: EMAIL,
      tier: 'retail',
    });
    // The account's row lives in the WAL's frames until SQLite next checkpoints (every 1,000 pages).
    expect(bytesOnDisk(f)).toContain(EMAIL);
    eraseCustomer(f.store, f.asAdmin, { customerId: c.id, confirm: 'Hassan Benali' });
    const text = bytesOnDisk(f);
    for (const personal of [PHONE, EMAIL, 'Hassan Benali']) expect(text).not.toContain(personal);
  });
});
