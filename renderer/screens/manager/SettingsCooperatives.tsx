import { useState } from 'react';
import type { ApiOutput } from '../../../api/contract';
import { call } from '../../api/client';
import { Modal } from '../../components/Modal';
import { errorText, useLang, useT, type MessageKey } from '../../i18n';
import { localName } from '../../i18n/names';
import { bpToPercentText, ErrorLine, percentTextToBp, TextField, useLoad } from './shared';

type Coop = ApiOutput<'cooperatives.list'>[number];
const TEXT_FIELDS = [
  'nameFr',
  'nameAr',
  'region',
  'registrationNo',
  'ice',
  'contactName',
  'phone',
  'email',
  'bankName',
  'bankAccount',
] as const;
type TextKey = (typeof TEXT_FIELDS)[number];
type Form = Record<TextKey, string> & { commission: string; womens: boolean; active: boolean };

const EMPTY: Form = {
  nameFr: '',
  nameAr: '',
  region: '',
  registrationNo: '',
  ice: '',
  contactName: '',
  phone: '',
  email: '',
  bankName: '',
  bankAccount: '',
  commission: '25',
  womens: false,
  active: true,
};

function toForm(c: Coop): Form {
  const f = { ...EMPTY, womens: c.womens, active: c.active, commission: bpToPercentText(c.commissionBp) };
  for (const k of TEXT_FIELDS) f[k] = c[k] ?? '';
  return f;
}

export function CooperativesTab() {
  const t = useT();
  const lang = useLang();
  const { data, error, reload } = useLoad(() => call('cooperatives.list', {}), []);
  const [editing, setEditing] = useState<{ id: number | null; form: Form } | null>(null);
  return (
    <div>
      <ErrorLine error={error} />
      <table className="mgr-table">
        <thead>
          <tr>
            <th>{t('mgr.coop')}</th>
            <th>{t('mgr.coopf.region')}</th>
            <th className="num">{t('mgr.coopf.commission')}</th>
            <th>{t('mgr.coopf.womens')}</th>
            <th>{t('mgr.active')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(data ?? []).map((c) => (
            <tr key={c.id} data-testid="coop-row">
              <td>{localName(c, lang)}</td>
              <td>{c.region}</td>
              <td className="num">{bpToPercentText(c.commissionBp)} %</td>
              <td>{c.womens ? '✓' : ''}</td>
              <td>{c.active ? '✓' : ''}</td>
              <td>
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() => setEditing({ id: c.id, form: toForm(c) })}
                >
                  {t('mgr.edit')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        <button type="button" className="btn" onClick={() => setEditing({ id: null, form: EMPTY })}>
          {t('mgr.coopf.add')}
        </button>
      </div>
      {editing && (
        <CoopDialog
          id={editing.id}
          initial={editing.form}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
        />
      )}
    </div>
  );
}

function CoopDialog(props: { id: number | null; initial: Form; onClose(): void; onSaved(): void }) {
  const t = useT();
  const [form, setForm] = useState<Form>(props.initial);
  const [error, setError] = useState<string | null>(null);
  const commissionBp = percentTextToBp(form.commission);
  const iceOk = form.ice.trim() === '' || /^\d{15}$/.test(form.ice.trim());
  const ok = form.nameFr.trim() !== '' && form.region.trim() !== '' && commissionBp !== null && iceOk;
  const orNull = (v: string) => (v.trim() === '' ? null : v.trim());

  const save = async () => {
    if (!ok || commissionBp === null) return;
    const fields = {
      nameFr: form.nameFr.trim(),
      nameAr: form.nameAr.trim(),
      region: form.region.trim(),
      registrationNo: orNull(form.registrationNo),
      ice: orNull(form.ice),
      contactName: orNull(form.contactName),
      phone: orNull(form.phone),
      email: orNull(form.email),
      bankName: orNull(form.bankName),
      bankAccount: orNull(form.bankAccount),
      womens: form.womens,
      commissionBp,
      active: form.active,
    };
    try {
      if (props.id === null) await call('cooperatives.create', fields);
      else await call('cooperatives.update', { id: props.id, ...fields });
      props.onSaved();
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <Modal title={props.id === null ? t('mgr.coopf.add') : form.nameFr} onClose={props.onClose} wide>
      <div className="form-grid">
        {TEXT_FIELDS.map((k) => (
          <TextField
            key={k}
            label={t(`mgr.coopf.${k}` as MessageKey)}
            value={form[k]}
            dir={k === 'nameAr' ? 'rtl' : undefined}
            invalid={k === 'ice' && !iceOk}
            onChange={(v) => setForm({ ...form, [k]: v })}
          />
        ))}
        <TextField
          label={`${t('mgr.coopf.commission')} (%)`}
          value={form.commission}
          dir="ltr"
          inputMode="decimal"
          invalid={commissionBp === null}
          onChange={(v) => setForm({ ...form, commission: v })}
        />
        <label className="check">
          <input
            type="checkbox"
            checked={form.womens}
            onChange={(e) => setForm({ ...form, womens: e.target.checked })}
          />
          {t('mgr.coopf.womens')}
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={form.active}
            onChange={(e) => setForm({ ...form, active: e.target.checked })}
          />
          {t('mgr.active')}
        </label>
      </div>
      <ErrorLine error={error} />
      <div className="actions">
        <button type="button" className="btn" onClick={props.onClose}>
          {t('common.cancel')}
        </button>
        <button type="button" className="btn btn-primary" disabled={!ok} onClick={() => void save()}>
          {t('mgr.save')}
        </button>
      </div>
    </Modal>
  );
}
