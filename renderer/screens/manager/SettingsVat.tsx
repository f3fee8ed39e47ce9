import { useState } from 'react';
import type { ApiOutput } from '../../../api/contract';
import { VAT_CODES, type VatCode } from '../../../core/vat';
import { call } from '../../api/client';
import { DateInput, isoDayToText } from '../../components/DateInput';
import { errorText, formatPercent, useLang, useT } from '../../i18n';
import { useUi } from '../../stores/ui';
import { useExemptions } from './ProductVat';
import { ErrorLine, FieldHint, percentTextToBp, SelectField, TextField, useLoad } from './shared';

/**
 * Settings' VAT tab: every code with its dated rates and their legal sources (what a tax inspector asks
 * for), the CGI exemption wordings, and for the admin a finance law's "new rate from a date".
 */
export function VatTab({ isAdmin }: { isAdmin: boolean }) {
  const t = useT();
  const lang = useLang();
  const { data, error, setData } = useLoad(() => call('vat.codes', {}), []);
  const exemptions = useExemptions();
  if (!data) return <ErrorLine error={error} />;
  return (
    <>
      <h2>{t('mgr.vat.codesTitle')}</h2>
      <table className="mgr-table" aria-label={t('mgr.vat.codesTitle')}>
        <thead>
          <tr>
            <th>{t('mgr.vat.code')}</th>
            <th className="num">{t('mgr.vat.rate')}</th>
            <th>{t('mgr.vat.validFrom')}</th>
            <th>{t('mgr.vat.validTo')}</th>
            <th>{t('mgr.vat.source')}</th>
          </tr>
        </thead>
        <tbody>
          {data.flatMap((c) =>
            c.rates.map((r, i) => (
              <tr key={`${c.code}:${r.validFrom}`} data-testid="vat-rate-row" data-code={c.code}>
                <td>{i === 0 ? t(`mgr.vat.${c.code}`) : ''}</td>
                <td className="num">{formatPercent(r.rateBp)}</td>
                <td dir="ltr">{isoDayToText(r.validFrom)}</td>
                <td dir="ltr">{r.validTo === null ? t('mgr.vat.open') : isoDayToText(r.validTo)}</td>
                <td>{r.source}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
      {isAdmin && <AddRate onAdded={setData} />}
      <h2>{t('mgr.vat.exemptionsTitle')}</h2>
      <ul data-testid="vat-exemptions">
        {exemptions.map((e) => (
          <li key={e.id}>{lang === 'ar' ? e.ar : e.fr}</li>
        ))}
      </ul>
    </>
  );
}

function AddRate(props: { onAdded(codes: ApiOutput<'vat.codes'>): void }) {
  const t = useT();
  const [code, setCode] = useState<VatCode>('R10');
  const [percent, setPercent] = useState('');
  const [day, setDay] = useState('');
  const [source, setSource] = useState('');
  const [error, setError] = useState<string | null>(null);
  // One request at a time: a double-click sent the rate twice and the second came back as an overlap.
  const [busy, setBusy] = useState(false);
  const rateBp = percentTextToBp(percent);
  const ok = rateBp !== null && day !== '' && source.trim() !== '';

  const add = async () => {
    if (!ok || busy) return;
    setBusy(true);
    try {
      props.onAdded(await call('vat.addRate', { code, rateBp, validFrom: day, source: source.trim() }));
      setPercent('');
      setDay('');
      setSource('');
      setError(null);
      useUi.getState().toast('success', t('mgr.vat.rateAdded'));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-label={t('mgr.vat.addRateTitle')}>
      <h3>{t('mgr.vat.addRateTitle')}</h3>
      <div className="form-grid">
        <SelectField
          label={t('mgr.vat.code')}
          value={code}
          onChange={setCode}
          options={VAT_CODES.map((v) => ({ value: v, label: t(`mgr.vat.${v}`) }))}
        />
        <TextField
          label={t('mgr.vat.ratePercent')}
          value={percent}
          onChange={setPercent}
          dir="ltr"
          inputMode="decimal"
          invalid={percent.trim() !== '' && rateBp === null}
        />
        <DateInput label={t('mgr.vat.from')} value={day} onChange={setDay} testId="vat-rate-from" />
        <TextField label={t('mgr.vat.source')} value={source} onChange={setSource} />
        <div className="field-group">
          <button
            type="button"
            className="btn btn-primary"
            disabled={!ok || busy}
            aria-describedby={day === '' ? 'vat-rate-hint' : undefined}
            onClick={() => void add()}
          >
            {t('mgr.vat.addRate')}
          </button>
          {day === '' && <FieldHint id="vat-rate-hint" text={t('mgr.vat.needDay')} />}
        </div>
      </div>
      <ErrorLine error={error} />
    </section>
  );
}
