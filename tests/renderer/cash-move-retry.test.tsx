// @vitest-environment jsdom
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { setTransport } from '../../renderer/api/client';
import { httpTransport } from '../../renderer/api/transport';
import { formatMoney } from '../../renderer/i18n';
import { CashReportScreen } from '../../renderer/screens/CashReport';
import { useSession } from '../../renderer/stores/session';
import { Link } from '../hq/push-link';
import { useTillStation } from '../helpers/till-station';

// The till talks to the station through a real TCP link that the test cuts as the station's answer to the
// cash out comes back: the station recorded it, the till never heard so. The cashier presses confirm again;
// the dialog sends the same client id, so the drawer is debited once.

let link: Link;

const s = useTillStation({
  async started(station) {
    link = new Link(() => Number(new URL(station.url).port));
    await link.open();
    setTransport(httpTransport(`http://127.0.0.1:${link.port}`));
    await useSession.getState().login(station.users.cashier.id, '1357');
  },
  async closing() {
    await useSession.getState().logout();
    await link?.close();
  },
});

function movements(): { n: number; out: number; ids: number } {
  const db = new Database(s.fixture.file, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT COUNT(*) n, COALESCE(SUM(amount), 0) out, COUNT(DISTINCT client_id) ids
         FROM cash_movements WHERE kind = 'out'`,
      )
      .get() as { n: number; out: number; ids: number };
  } finally {
    db.close();
  }
}

describe('a cash out whose answer was lost on a cut link', () => {
  it('is recorded once when the cashier confirms it again', async () => {
    const user = userEvent.setup();
    render(<CashReportScreen />);
    const expectedCash = async () => (await screen.findByTestId('x-expected')).textContent;
    const drawer = 50_000;
    await waitFor(async () => expect(await expectedCash()).toBe(formatMoney(drawer)));
    expect(movements()).toEqual({ n: 0, out: 0, ids: 0 });

    await user.click(screen.getByRole('button', { name: 'Entrée / sortie d’espèces' }));
    const dialog = await screen.findByRole('dialog', { name: 'Entrée ou sortie d’espèces' });
    expect(within(dialog).getByRole('button', { name: 'Sortie' }).getAttribute('aria-pressed')).toBe('true');
    await user.type(within(dialog).getByLabelText('Montant'), '200');
    await user.type(within(dialog).getByLabelText('Motif'), 'Dépôt banque');

    link.cutNextAnswer();
    await user.click(within(dialog).getByRole('button', { name: 'Valider' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('La station ne répond pas');
    expect(link.cuts).toBe(1);
    // The station took it: only the answer was lost.
    expect(movements()).toEqual({ n: 1, out: 20_000, ids: 1 });

    await user.click(within(dialog).getByRole('button', { name: 'Valider' }));
    expect(await screen.findByText('Sortie d’espèces enregistrée.')).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(movements()).toEqual({ n: 1, out: 20_000, ids: 1 });
    await waitFor(async () => expect(await expectedCash()).toBe(formatMoney(drawer - 20_000)));
  });
});
