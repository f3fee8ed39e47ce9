// @vitest-environment jsdom
import { cleanup, configure, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../renderer/App';
import { setToken, setTransport } from '../../renderer/api/client';
import { httpTransport } from '../../renderer/api/transport';
import { useI18n } from '../../renderer/i18n';
import { useSession } from '../../renderer/stores/session';
import { startStation, type Station } from '../../server/station';

configure({ asyncUtilTimeout: 15_000 });

let station: Station;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'souk-first-run-'));
  station = await startStation({
    dbFile: join(dir, 'new.db'),
    port: 0,
    staticDir: null,
    validateOutput: true,
  });
  setTransport(httpTransport(station.url));
  useI18n.getState().setLang('fr');
  useSession.setState({ token: null, user: null, cash: null, cashKnown: false, station: null, shop: null });
});

afterAll(async () => {
  cleanup();
  setToken(null);
  await station?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('first run on an empty database', () => {
  it('names the shop, creates the admin with a confirmed PIN and logs in', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.type(await screen.findByLabelText('Nom de la boutique'), 'Boutique Tadamoun');
    await user.type(screen.getByLabelText('Nom de l’administrateur'), 'Nadia');
    await user.type(screen.getByLabelText('Code PIN (4 à 8 chiffres)'), '4826');
    await user.type(screen.getByLabelText('Code PIN, à nouveau'), '4827');
    const submit = screen.getByRole('button', { name: 'Créer et se connecter' });
    expect(submit).toHaveProperty('disabled', true); // the two PINs differ
    await user.clear(screen.getByLabelText('Code PIN, à nouveau'));
    await user.type(screen.getByLabelText('Code PIN, à nouveau'), '4826');
    await user.click(submit);
    // Logged in as the new admin: the till asks for its opening float.
    expect(await screen.findByLabelText('Fond de caisse')).toBeTruthy();
    expect(useSession.getState().user).toMatchObject({ name: 'Nadia', role: 'admin' });
    const info = await fetch(`${station.url}/api/system.info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(((await info.json()) as { result: { shopName: string } }).result.shopName).toBe(
      'Boutique Tadamoun',
    );
  });
});
