// @vitest-environment jsdom
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { checkout } from '../../db/services/checkout';
import { decodeEscPos } from '../../hardware/printer/escpos-decoder';
import { VirtualPrinter } from '../../hardware/printer/virtual-printer';
import { call } from '../../renderer/api/client';
import { CashReportScreen } from '../../renderer/screens/CashReport';
import { ReturnsScreen } from '../../renderer/screens/Returns';
import { useSession } from '../../renderer/stores/session';
import { uid } from '../db/fixture';
import { useTillStation } from '../helpers/till-station';

let printer: VirtualPrinter;
let receiptNo: number;

const s = useTillStation({
  prepare(f) {
    const sale = checkout(f.store, f.asCashier, {
      clientId: uid(),
      lines: [{ productId: f.products.oil.id, quantity: 3000 }],
      payments: [{ method: 'cash', amount: 36000 }],
    });
    receiptNo = sale.receiptNo;
  },
  async started() {
    printer = new VirtualPrinter();
    await printer.start(0);
    await useSession.getState().login(s.users.admin.id, '9999');
    await call('devices.configure', {
      printer: {
        name: 'Comptoir',
        transport: {
          kind: 'tcp',
          host: '127.0.0.1',
          port: printer.port,
          connectTimeoutMs: 3000,
          writeTimeoutMs: 3000,
        },
        paper: '80mm',
        commandSet: 'epson',
        autoPrint: true,
      },
      scale: null,
    });
    await useSession.getState().logout();
    await useSession.getState().login(s.users.manager.id, '2468');
    await useSession.getState().loadStation();
  },
  async closing() {
    await printer?.close();
  },
});

const paper = (job: Buffer) => decodeEscPos(job);

describe('printing from the till screens', () => {
  it('prints the X report from the cash screen', async () => {
    const user = userEvent.setup();
    const view = render(<CashReportScreen />);
    await screen.findByTestId('x-expected');
    await user.click(screen.getByRole('button', { name: 'Imprimer le rapport X' }));
    await screen.findByText('Rapport X imprimé.');
    const [job] = await printer.waitForJobs(1);
    const text = paper(job!).lines.join('\n');
    expect(text).toMatch(/360,00/);
    view.unmount();
  });

  it('prints a refund slip with the return number, its barcode and the receipt it refunds', async () => {
    const user = userEvent.setup();
    render(<ReturnsScreen />);
    const input = screen.getByRole('textbox', { name: /Numéro de ticket/ });
    await user.type(input, `${receiptNo}{Enter}`);
    const qty = await screen.findByRole('textbox', { name: 'Quantité retournée' });
    await user.type(qty, '1');
    await user.type(screen.getByRole('textbox', { name: 'Motif' }), 'Flacon abîmé');
    await user.click(screen.getByRole('button', { name: /Rembourser/ }));
    const jobs = await printer.waitForJobs(2);
    const slip = paper(jobs[1]!);
    const text = slip.lines.join('\n');
    expect(text).toContain('REMBOURSEMENT');
    expect(text).toMatch(/Retour n°\s+1/);
    expect(text).toMatch(new RegExp(`Ticket d'origine n°\\s+${receiptNo}`));
    expect(text).toMatch(/Total\s+-120,00 DH/);
    expect(slip.barcodes).toEqual([{ type: 'CODE128', data: 'R00000001' }]);

    // And again from the button, for a second copy.
    const again = await screen.findByRole('button', { name: 'Imprimer le bon de retour n° 1' });
    await user.click(again);
    await waitFor(() => expect(printer.jobs()).toHaveLength(3));
    expect(paper(printer.jobs()[2]!).barcodes).toEqual([{ type: 'CODE128', data: 'R00000001' }]);
    expect(within(document.body).queryByRole('alert')).toBeNull();
  });
});
