// @vitest-environment jsdom
import { cleanup, configure, render, screen, waitFor } from '@testing-library/react';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaleSimulator } from '../../hardware/scale/simulator';
import { setToken, setTransport } from '../../renderer/api/client';
import { httpTransport } from '../../renderer/api/transport';
import { useI18n } from '../../renderer/i18n';
import { DevicesTab } from '../../renderer/screens/manager/SettingsDevices';
import { useSession } from '../../renderer/stores/session';
import { startStation, type Station } from '../../server/station';
import { makeFixture } from '../db/fixture';
import { openPtyPair, type PtyPair } from '../helpers/pty';

// The screen refreshes the status every 2 s; a device plugged in shows within a few refreshes.
configure({ asyncUtilTimeout: 15_000 });

let station: Station;
let dir: string;
let dbDir: string;
let adminId: number;
let pair: PtyPair | null = null;
let sim: ScaleSimulator | null = null;

beforeAll(async () => {
  const f = makeFixture();
  dbDir = f.dir;
  adminId = f.users.admin.id;
  f.db.close();
  dir = mkdtempSync(join(tmpdir(), 'souk-devscreen-'));
  station = await startStation({ dbFile: f.file, port: 0, staticDir: null, validateOutput: true });
  setTransport(httpTransport(station.url));
  useI18n.getState().setLang('fr');
});

afterAll(async () => {
  cleanup();
  setToken(null);
  await station?.close();
  await sim?.close();
  await pair?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(dbDir, { recursive: true, force: true });
});

describe('devices screen', () => {
  it('says a missing scale is not connected and being retried, then connected once it is plugged in', async () => {
    const path = join(dir, 'scale');
    await station.ctx.devices.configure({ printer: null, scale: { path, protocol: 'toledo-8217' } });
    await useSession.getState().login(adminId, '9999');
    render(<DevicesTab />);
    const badge = await screen.findByText('Non connecté — nouvel essai automatique');
    expect(badge.getAttribute('title')).toMatch(/No such file or directory/);

    pair = await openPtyPair();
    sim = await ScaleSimulator.open({ path: pair.b, protocol: 'toledo-8217', initial: { grams: 500 } });
    symlinkSync(pair.a, path);
    await waitFor(() => expect(screen.getByText('Connecté')).toBeTruthy());
    expect(screen.queryByText('Non connecté — nouvel essai automatique')).toBeNull();
  });
});
