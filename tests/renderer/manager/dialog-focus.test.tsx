// @vitest-environment jsdom
/**
 * A manager works with the keyboard: a dialog opens with the focus on its first field, a drop-down included
 * (the Modal looks for inputs and buttons, so a form that starts with a select needs data-autofocus on it).
 */
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import CertificatesScreen from '../../../renderer/screens/manager/Certificates';
import { useSession } from '../../../renderer/stores/session';
import { useTillStation } from '../../helpers/till-station';

const f = useTillStation({
  async started() {
    await useSession.getState().login(f.users.manager.id, '2468');
  },
});

afterEach(() => cleanup());

describe('dialogs open on their first field', () => {
  it("a new certificate's dialog puts the focus on the cooperative, the form's first field", async () => {
    const user = userEvent.setup();
    render(<CertificatesScreen />);
    await user.click(await screen.findByRole('button', { name: 'Nouveau certificat' }));
    const dialog = await screen.findByRole('dialog');
    expect(document.activeElement).toBe(within(dialog).getByRole('combobox', { name: 'Coopérative' }));
  });
});
