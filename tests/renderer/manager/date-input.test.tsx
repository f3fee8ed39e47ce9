// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { DateInput, isoDayToText, textToIsoDay } from '../../../renderer/components/DateInput';
import { useI18n } from '../../../renderer/i18n';

afterEach(() => {
  cleanup();
  useI18n.getState().setLang('fr');
});

function Harness(props: { initial: string }) {
  const [value, setValue] = useState(props.initial);
  return (
    <>
      <DateInput label="DLUO" value={value} onChange={setValue} />
      <output data-testid="iso">{value}</output>
    </>
  );
}

describe('DateInput: the day as the app writes it (dd/mm/yyyy), never the browser’s mm/dd/yyyy', () => {
  it.each(['fr', 'ar', 'en'] as const)('reads "12/01/2026" as 12 January in %s', async (lang) => {
    useI18n.getState().setLang(lang);
    const user = userEvent.setup();
    render(<Harness initial="" />);
    const input = screen.getByLabelText('DLUO') as HTMLInputElement;
    // Not a native date input: Chromium would show and parse it in the browser's locale.
    expect(input.type).toBe('text');
    expect(input.placeholder).toBe({ fr: 'jj/mm/aaaa', ar: 'يوم/شهر/سنة', en: 'dd/mm/yyyy' }[lang]);
    await user.type(input, '12/01/2026');
    expect(screen.getByTestId('iso').textContent).toBe('2026-01-12');
  });

  it('shows a prefilled ISO day as dd/mm/yyyy and tidies a short form on leaving', async () => {
    const user = userEvent.setup();
    render(<Harness initial="2027-08-20" />);
    const input = screen.getByLabelText('DLUO') as HTMLInputElement;
    expect(input.value).toBe('20/08/2027');
    await user.clear(input);
    expect(screen.getByTestId('iso').textContent).toBe('');
    await user.type(input, '5-3-27');
    await user.tab();
    expect(input.value).toBe('05/03/2027');
    expect(screen.getByTestId('iso').textContent).toBe('2027-03-05');
  });

  it('marks a day that does not exist and keeps the last good value', async () => {
    const user = userEvent.setup();
    render(<Harness initial="2026-02-01" />);
    const input = screen.getByLabelText('DLUO') as HTMLInputElement;
    await user.clear(input);
    await user.type(input, '31/02/2026');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(textToIsoDay('31/02/2026')).toBeNull();
    expect(textToIsoDay('29/02/2028')).toBe('2028-02-29');
    expect(isoDayToText('2027-08-20')).toBe('20/08/2027');
  });
});
