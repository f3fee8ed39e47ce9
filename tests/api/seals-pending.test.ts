import { mkdirSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { closeSession, openSession } from '../../db/services/cash';
import { auditJournal, readSeals } from '../../db/services/seals';
import { startStation, type Station } from '../../server/station';
import { makeFixture } from '../db/fixture';
import { postApi } from '../helpers/api-call';

/**
 * A Z close whose seal cannot be written (docs/tamper-evidence.md) stands, and the seal is written at the
 * next chance: a cash opening, the next Z close, or the station's start.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function fixture() {
  const f = makeFixture(); // a session open on T1 with a 500,00 MAD float
  cleanups.push(() => rmSync(f.dir, { recursive: true, force: true }));
  // The failed write is logged on purpose; keep it out of the test output, and check it was said.
  const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  cleanups.push(() => logged.mockRestore());
  return { f, seals: `${f.file}.seals`, logged };
}

async function station(dbFile: string): Promise<Station> {
  const s = await startStation({ dbFile, port: 0, staticDir: null, validateOutput: true, reportWorkers: 0 });
  cleanups.push(() => s.close());
  return s;
}

const call = (s: Station, method: string, input: unknown, token?: string) =>
  postApi(s.url, method, input, token);

async function login(s: Station, userId: number, pin: string): Promise<string> {
  const r = await call(s, 'auth.login', { userId, pin });
  expect(r.ok).toBe(true);
  return r.result.token as string;
}

describe('a seal that could not be written at the Z close', () => {
  it('is written when the station starts again', async () => {
    const { f, seals, logged } = fixture();
    f.db.close();
    // A directory where the seals file should be: the append at the Z close fails.
    mkdirSync(seals);

    const first = await station(f.file);
    const manager = await login(first, f.users.manager.id, '2468');
    const z = await call(first, 'cash.close', { counts: { '20000': 2, '10000': 1 } }, manager);
    expect(z.ok).toBe(true);
    const { journalSeq, journalHash } = z.result as { journalSeq: number; journalHash: string };
    expect(journalSeq).toBeGreaterThan(0);
    expect(statSync(seals).isDirectory()).toBe(true);
    expect(logged).toHaveBeenCalledWith('[seals] could not write the seal of a Z close:', expect.anything());
    await cleanups.pop()?.();

    // The path fixed, the station starts, and nobody has opened the till yet: the seal is there.
    rmdirSync(seals);
    const second = await station(f.file);
    expect(readSeals(seals)).toEqual({
      seals: [expect.objectContaining({ v: 1, till: 'T1', seq: journalSeq, hash: journalHash })],
      unreadable: [],
    });
    const admin = await login(second, f.users.admin.id, '9999');
    const verify = await call(second, 'journal.verify', {}, admin);
    expect(verify.result).toMatchObject({ ok: true, findings: [], checked: { seals: 1 } });
  });

  it('is written by the next cash opening, or else by the next Z close, once each', () => {
    const { f, seals } = fixture();
    const asManager = { userId: f.users.manager.id, role: 'manager' as const };
    mkdirSync(seals);
    const day1 = closeSession(f.store, asManager, { counts: { '20000': 2, '10000': 1 } });
    rmdirSync(seals);
    expect(auditJournal(f.store).findings.map((x) => [x.kind, x.seq])).toEqual([
      ['seal-not-written', day1.journalSeq],
    ]);
    f.tick(3_600_000);
    openSession(f.store, asManager, { openingFloat: 50_000 });
    expect(readSeals(seals).seals.map((s) => s.seq)).toEqual([day1.journalSeq]);

    // Day 2's Z fails too, and so does day 3's opening: day 3's Z appends both after day 1's seal.
    renameSync(seals, `${seals}.aside`);
    mkdirSync(seals);
    const day2 = closeSession(f.store, asManager, { counts: {} });
    openSession(f.store, asManager, { openingFloat: 0 });
    rmdirSync(seals);
    renameSync(`${seals}.aside`, seals);
    expect(readSeals(seals).seals.map((s) => s.seq)).toEqual([day1.journalSeq]);
    const day3 = closeSession(f.store, asManager, { counts: {} });
    expect(readSeals(seals).seals.map((s) => s.seq)).toEqual([
      day1.journalSeq,
      day2.journalSeq,
      day3.journalSeq,
    ]);
    expect(auditJournal(f.store)).toMatchObject({ ok: true, findings: [] });
    f.db.close();
  });
});

describe('system.backup', () => {
  it('copies the seals beside the backup, so the copy verifies against its anchors', async () => {
    const { f, seals } = fixture();
    f.db.close();
    const s = await station(f.file);
    const manager = await login(s, f.users.manager.id, '2468');
    const admin = await login(s, f.users.admin.id, '9999');
    expect((await call(s, 'cash.close', { counts: {} }, manager)).ok).toBe(true);
    expect(readSeals(seals).seals).toHaveLength(1);

    const target = `${f.dir}/backup.db`;
    const r = await call(s, 'system.backup', { path: target }, admin);
    expect(r.result).toMatchObject({ file: target, seals: `${target}.seals` });
    expect(readSeals(`${target}.seals`)).toEqual(readSeals(seals));

    // The backup, opened as a shop database, finds its seals where verify looks.
    const restored = await station(target);
    const admin2 = await login(restored, f.users.admin.id, '9999');
    const verify = await call(restored, 'journal.verify', {}, admin2);
    expect(verify.result).toMatchObject({ ok: true, findings: [], checked: { seals: 1 } });
  });
});
