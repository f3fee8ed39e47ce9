// @vitest-environment jsdom
import { act, cleanup, configure, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../renderer/App';
import { setToken, setTransport } from '../../renderer/api/client';
import { httpTransport } from '../../renderer/api/transport';
import { useI18n } from '../../renderer/i18n';
import { useCart } from '../../renderer/stores/cart';
import { startStation, type Station } from '../../server/station';
import { makeFixture } from '../db/fixture';

configure({ asyncUtilTimeout: 15_000 });

let station: Station;
let dir: string;

beforeAll(async () => {
  const f = makeFixture(); // 50 bottles of argan oil on hand from Tighanimine, a session open
  dir = f.dir;
  f.db.close();
  station = await startStation({ dbFile: f.file, port: 0, staticDir: null, validateOutput: true });
  setTransport(httpTransport(station.url));
  useI18n.getState().setLang('fr');
});

afterAll(async () => {
  cleanup();
  setToken(null);
  await station?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function scanBurst(code: string): void {
  const target = document.activeElement ?? document.body;
  for (const key of [...code, 'Enter']) fireEvent.keyDown(target, { key });
}

describe('stock shortage at the till', () => {
  it('is shown as soon as the line asks for more than the cooperative has, with what is on hand', async () => {
    const user = userEvent.setup({ delay: 60 });
    render(<App />);
    await user.click(await screen.findByRole('button', { name: /Youssef/ }));
    await user.keyboard('1357{Enter}');
    await screen.findByRole('textbox', { name: /Scanner ou chercher/ });

    await act(async () => scanBurst('6111234567895'));
    await waitFor(() => expect(screen.getAllByTestId('cart-line')).toHaveLength(1));
    // Within stock: nothing to warn about (give the quote time to answer before saying so).
    await new Promise((r) => setTimeout(r, 600));
    expect(screen.queryByTestId('stock-short')).toBeNull();

    // 50 more bottles on the same line: 51 wanted, 50 on hand. No payment typed yet.
    await user.keyboard('50*');
    await screen.findByText(/×50/);
    await act(async () => scanBurst('6111234567895'));
    const short = await screen.findByTestId('stock-short');
    expect(short.textContent).toMatch(/Stock insuffisant/);
    expect(short.textContent).toMatch(/50/);
    expect(short.textContent).toContain('Coopérative Tighanimine');
    expect(screen.queryByRole('dialog')).toBeNull();

    // Back within stock: the warning goes.
    const key = useCart.getState().current.lines[0]!.key;
    act(() => void useCart.getState().setQuantity(key, 50_000));
    await waitFor(() => expect(screen.queryByTestId('stock-short')).toBeNull());
  });
});
