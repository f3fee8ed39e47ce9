/**
 * The shop's fiscal identity (issue 13), the administrator's: what every invoice prints beside the shop's
 * name (ICE, IF, RC and its court, TP, CNSS, legal name and address) and the default payment terms. An
 * invoice is refused while the ICE, IF or RC are missing (SHOP_FISCAL_ID_MISSING), so the screen says which.
 */
import { useId, useState } from 'react';
import type { ApiOutput } from '../../../api/contract';
import { missingSellerIds, paymentTermsText } from '../../../core/invoice';
import { call } from '../../api/client';
import { errorText, useT } from '../../i18n';
import { useUi } from '../../stores/ui';
import { ErrorLine, TextField, useLoad } from './shared';

type Settings = ApiOutput<'settings.get'>;
const ICE_RE = /^\d{15}$/;
const digitsOf = (s: string) => s.replace(/[\s.]/g, '');

export function FiscalTab() {
  const t = useT();
  const { data, error, setData } = useLoad(() => call('settings.get', {}), []);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [days, setDays] = useState<string | null>(null);
  // One save at a time: a double-click sent the settings twice (two journal entries, two toasts).
  const [busy, setBusy] = useState(false);
  const hintId = useId();
  if (!data) return <ErrorLine error={error} />;
  const { shop, invoicing } = data;
  const setShop = (patch: Partial<Settings['shop']>) => setData({ ...data, shop: { ...shop, ...patch } });
  const setInv = (patch: Partial<Settings['invoicing']>) =>
    setData({ ...data, invoicing: { ...invoicing, ...patch } });
  const daysText = days ?? String(invoicing.paymentDays);
  const daysValue = /^\d{1,3}$/.test(daysText) && Number(daysText) <= 120 ? Number(daysText) : null;
  const iceOk = shop.ice.trim() === '' || ICE_RE.test(digitsOf(shop.ice));
  const missing = missingSellerIds({ ice: digitsOf(shop.ice), if: shop.if, rc: shop.rc });

  const save = async () => {
    if (daysValue === null || !iceOk || busy) return;
    setBusy(true);
    try {
      setData(
        await call('settings.update', {
          shop: {
            ice: shop.ice,
            if: shop.if,
            rc: shop.rc,
            patente: shop.patente,
            address: shop.address,
            city: shop.city,
          },
          invoicing: { ...invoicing, paymentDays: daysValue },
        }),
      );
      setDays(null);
      setSaveError(null);
      useUi.getState().toast('success', t('mgr.saved'));
    } catch (err) {
      setSaveError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="fiscal-settings">
      <p className="muted">{t('mgr.fiscal.hint')}</p>
      {missing.length > 0 && (
        <p className="error" role="status" data-testid="fiscal-missing">
          {t('mgr.fiscal.missing', { ids: missing.map((m) => m.toUpperCase()).join(', ') })}
        </p>
      )}
      <div className="form-grid">
        <TextField
          label={t('mgr.fiscal.legalName')}
          value={invoicing.legalName}
          onChange={(v) => setInv({ legalName: v })}
          dir="auto"
        />
        <TextField
          label={t('mgr.fiscal.address')}
          value={shop.address}
          onChange={(v) => setShop({ address: v })}
          dir="auto"
        />
        <TextField label={t('mgr.fiscal.city')} value={shop.city} onChange={(v) => setShop({ city: v })} />
        <TextField
          label={t('mgr.fiscal.ice')}
          value={shop.ice}
          onChange={(v) => setShop({ ice: v })}
          dir="ltr"
          inputMode="numeric"
          invalid={!iceOk}
          hint={{ id: hintId, text: iceOk ? null : t('mgr.fiscal.iceInvalid') }}
        />
        <TextField
          label={t('mgr.fiscal.if')}
          value={shop.if}
          onChange={(v) => setShop({ if: v })}
          dir="ltr"
        />
        <TextField
          label={t('mgr.fiscal.rc')}
          value={shop.rc}
          onChange={(v) => setShop({ rc: v })}
          dir="ltr"
        />
        <TextField
          label={t('mgr.fiscal.rcCourt')}
          value={invoicing.rcCourt}
          onChange={(v) => setInv({ rcCourt: v })}
        />
        <TextField
          label={t('mgr.fiscal.patente')}
          value={shop.patente}
          onChange={(v) => setShop({ patente: v })}
          dir="ltr"
        />
        <TextField
          label={t('mgr.fiscal.cnss')}
          value={invoicing.cnss}
          onChange={(v) => setInv({ cnss: v })}
          dir="ltr"
        />
        <TextField
          label={t('mgr.fiscal.paymentDays')}
          value={daysText}
          onChange={setDays}
          inputMode="numeric"
          dir="ltr"
          invalid={daysValue === null}
        />
        <label className="check">
          <input
            type="checkbox"
            checked={invoicing.paymentEndOfMonth}
            onChange={(e) => setInv({ paymentEndOfMonth: e.target.checked })}
          />
          {t('mgr.fiscal.endOfMonth')}
        </label>
      </div>
      {daysValue !== null && (
        <p className="muted" data-testid="fiscal-terms">
          {t('mgr.fiscal.termsPreview', { terms: paymentTermsText(daysValue, invoicing.paymentEndOfMonth) })}
        </p>
      )}
      <ErrorLine error={saveError} />
      <div className="actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={daysValue === null || !iceOk || busy}
          onClick={() => void save()}
        >
          {t('mgr.save')}
        </button>
      </div>
    </div>
  );
}
