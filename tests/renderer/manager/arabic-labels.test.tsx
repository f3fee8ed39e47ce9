// @vitest-environment jsdom
/**
 * An Arabic manager's fields are named in Arabic: a transfer line's quantity field reads the product's Arabic
 * name (screen readers and the e2e tests find it by it), not the French one. Against a real station.
 */
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { useI18n } from '../../../renderer/i18n';
import TransfersScreen from '../../../renderer/screens/manager/Transfers';
import { useSession } from '../../../renderer/stores/session';
import { useTillStation } from '../../helpers/till-station';

const f = useTillStation({
  async started() {
    await useSession.getState().login(f.users.manager.id, '2468');
  },
});

afterEach(() => {
  cleanup();
  useI18n.getState().setLang('fr');
});

describe('Arabic labels on the manager screens', () => {
  it("a transfer line's quantity field is named with the product's Arabic name", async () => {
    useI18n.getState().setLang('ar');
    const user = userEvent.setup();
    render(<TransfersScreen />);
    await user.type(await screen.findByLabelText('امسح أو ابحث عن منتج'), 'ARG-250');
    await user.click(await screen.findByRole('option', { name: /زيت الأركان الغذائي 250 مل/ }));
    const qty = await screen.findByLabelText(/^كمية زيت الأركان الغذائي 250 مل/);
    expect(qty.getAttribute('aria-label')).not.toMatch(/[A-Za-z]{3,}/);
  });
});
