import { LANGUAGES } from '../../../core/languages';
import { ROLES } from '../../../core/roles';
import { useState } from 'react';
import type { ApiInput, ApiOutput } from '../../../api/contract';
import { call } from '../../api/client';
import { errorText, useT, type MessageKey } from '../../i18n';
import { useSession } from '../../stores/session';
import { useUi } from '../../stores/ui';
import { CooperativesTab } from './SettingsCooperatives';
import { DevicesTab } from './SettingsDevices';
import { FiscalTab } from './SettingsFiscal';
import { VatTab } from './SettingsVat';
import { ErrorLine, SelectField, TextField, useLoad } from './shared';

type Shop = ApiOutput<'settings.get'>['shop'];
type Rule = ApiOutput<'settings.get'>['nomenclature'][number];
type User = ApiOutput<'users.list'>[number];

const TABS = ['shop', 'fiscal', 'users', 'cooperatives', 'devices', 'vat', 'nomenclature'] as const;
type Tab = (typeof TABS)[number];
/** A manager runs the floor (cashiers, cooperatives, devices); the shop's identity and codes are the admin's. */
const MANAGER_TABS: readonly Tab[] = ['users', 'cooperatives', 'devices', 'vat'];

export default function SettingsScreen() {
  const t = useT();
  const isAdmin = useSession((s) => s.user?.role === 'admin');
  const tabs = isAdmin ? TABS : TABS.filter((x) => MANAGER_TABS.includes(x));
  const [chosen, setTab] = useState<Tab>(tabs[0] ?? 'users');
  const tab = tabs.includes(chosen) ? chosen : (tabs[0] ?? 'users');
  return (
    <section className="screen mgr-screen">
      <h1>{t('nav.settings')}</h1>
      <div className="row" role="tablist">
        {tabs.map((x) => (
          <button
            key={x}
            type="button"
            role="tab"
            aria-selected={x === tab}
            className={x === tab ? 'btn btn-active' : 'btn'}
            onClick={() => setTab(x)}
          >
            {t(`mgr.settings.${x}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {tab === 'shop' && <ShopTab />}
        {tab === 'fiscal' && <FiscalTab />}
        {tab === 'users' && <UsersTab isAdmin={isAdmin} />}
        {tab === 'cooperatives' && <CooperativesTab />}
        {tab === 'devices' && <DevicesTab />}
        {tab === 'vat' && <VatTab isAdmin={isAdmin} />}
        {tab === 'nomenclature' && <NomenclatureTab />}
      </div>
    </section>
  );
}

const SHOP_FIELDS = [
  'name',
  'address',
  'city',
  'phone',
  'ice',
  'if',
  'rc',
  'patente',
  'receiptFooter',
] as const;

function ShopTab() {
  const t = useT();
  const { data, error, setData } = useLoad(() => call('settings.get', {}), []);
  const [saveError, setSaveError] = useState<string | null>(null);
  if (!data) return <ErrorLine error={error} />;
  const shop = data.shop;
  const set = (k: keyof Shop, v: string) => setData({ ...data, shop: { ...shop, [k]: v } });
  const save = async () => {
    try {
      setData(await call('settings.update', { shop }));
      setSaveError(null);
      useUi.getState().toast('success', t('mgr.saved'));
    } catch (err) {
      setSaveError(errorText(err));
    }
  };
  return (
    <div className="form-grid">
      {SHOP_FIELDS.map((k) => (
        <TextField
          key={k}
          label={t(`mgr.shop.${k}` as MessageKey)}
          value={shop[k]}
          onChange={(v) => set(k, v)}
          dir={
            k === 'ice' || k === 'if' || k === 'rc' || k === 'patente' || k === 'phone' ? 'ltr' : undefined
          }
        />
      ))}
      <ErrorLine error={saveError} />
      <div className="actions">
        <button type="button" className="btn btn-primary" onClick={() => void save()}>
          {t('mgr.save')}
        </button>
      </div>
    </div>
  );
}

function UsersTab({ isAdmin }: { isAdmin: boolean }) {
  const t = useT();
  // The station refuses the rest to a manager (FORBIDDEN); the screen offers only what will work.
  const roles = isAdmin ? ROLES : (['cashier'] as const);
  const editable = (u: User) => isAdmin || u.role === 'cashier';
  const { data, error, reload } = useLoad(() => call('users.list', {}), []);
  const [actionError, setActionError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [role, setRole] = useState<User['role']>('cashier');
  const [pin, setPin] = useState('');
  const [language, setLanguage] = useState<User['language']>('fr');
  const pinOk = /^\d{4,8}$/.test(pin);

  const act = async (what: () => Promise<unknown>) => {
    try {
      await what();
      setActionError(null);
      reload();
    } catch (err) {
      setActionError(errorText(err));
    }
  };

  const create = () =>
    act(async () => {
      await call('users.create', { name: name.trim(), role, pin, language });
      setName('');
      setPin('');
    });

  const update = (input: ApiInput<'users.update'>) => act(() => call('users.update', input));

  return (
    <div>
      <ErrorLine error={error ?? actionError} />
      <table className="mgr-table">
        <thead>
          <tr>
            <th>{t('mgr.user.name')}</th>
            <th>{t('mgr.user.role')}</th>
            <th>{t('common.language')}</th>
            <th>{t('mgr.active')}</th>
            <th>{t('mgr.user.newPin')}</th>
          </tr>
        </thead>
        <tbody>
          {(data ?? []).map((u) => (
            <tr key={u.id} data-testid="user-row">
              <td>{u.name}</td>
              <td>
                <select
                  aria-label={`${t('mgr.user.role')} ${u.name}`}
                  value={u.role}
                  disabled={!isAdmin}
                  onChange={(e) => void update({ id: u.id, role: e.target.value as User['role'] })}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t(`role.${r}`)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <select
                  aria-label={`${t('common.language')} ${u.name}`}
                  value={u.language}
                  disabled={!editable(u)}
                  onChange={(e) => void update({ id: u.id, language: e.target.value as User['language'] })}
                >
                  {LANGUAGES.map((l) => (
                    <option key={l} value={l}>
                      {t(`lang.${l}`)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <input
                  type="checkbox"
                  aria-label={`${t('mgr.active')} ${u.name}`}
                  checked={u.active}
                  disabled={!editable(u)}
                  onChange={(e) => void update({ id: u.id, active: e.target.checked })}
                />
              </td>
              <td>
                {editable(u) && (
                  <PinReset
                    onSave={(p) => update({ id: u.id, pin: p })}
                    label={`${t('mgr.user.newPin')} ${u.name}`}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('mgr.user.add')}</h2>
      <div className="row">
        <TextField label={t('mgr.user.name')} value={name} onChange={setName} />
        <SelectField
          label={t('mgr.user.role')}
          value={role}
          onChange={setRole}
          options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))}
        />
        <TextField
          label={t('approval.pin')}
          type="password"
          inputMode="numeric"
          value={pin}
          onChange={setPin}
          invalid={pin !== '' && !pinOk}
        />
        <SelectField
          label={t('common.language')}
          value={language}
          onChange={setLanguage}
          options={LANGUAGES.map((l) => ({ value: l, label: t(`lang.${l}`) }))}
        />
        <button
          type="button"
          className="btn btn-primary"
          disabled={name.trim() === '' || !pinOk}
          onClick={() => void create()}
        >
          {t('mgr.user.add')}
        </button>
      </div>
    </div>
  );
}

function PinReset(props: { label: string; onSave(pin: string): Promise<void> }) {
  const t = useT();
  const [pin, setPin] = useState('');
  const ok = /^\d{4,8}$/.test(pin);
  return (
    <span className="row">
      <input
        type="password"
        inputMode="numeric"
        aria-label={props.label}
        value={pin}
        aria-invalid={pin !== '' && !ok}
        onChange={(e) => setPin(e.target.value)}
      />
      <button
        type="button"
        className="btn btn-small"
        disabled={!ok}
        onClick={() => void props.onSave(pin).then(() => setPin(''))}
      >
        {t('mgr.save')}
      </button>
    </span>
  );
}

const RULE_KINDS = ['weight', 'price', 'internal'] as const;

function NomenclatureTab() {
  const t = useT();
  const { data, error, setData } = useLoad(() => call('settings.get', {}), []);
  const [saveError, setSaveError] = useState<string | null>(null);
  if (!data) return <ErrorLine error={error} />;
  const rules = data.nomenclature;
  const setRules = (next: Rule[]) => setData({ ...data, nomenclature: next });
  const patch = (i: number, p: Partial<Rule>) =>
    setRules(rules.map((r, j) => (j === i ? { ...r, ...p } : r)));
  const valid =
    rules.length > 0 && rules.every((r) => r.name.trim() !== '' && /^[0-9PWVNC]{13}$/.test(r.pattern));
  const save = async () => {
    try {
      setData(await call('settings.update', { nomenclature: rules }));
      setSaveError(null);
      useUi.getState().toast('success', t('mgr.saved'));
    } catch (err) {
      setSaveError(errorText(err));
    }
  };
  return (
    <div>
      <p className="muted">{t('mgr.nomenclature.hint')}</p>
      <table className="mgr-table">
        <thead>
          <tr>
            <th>{t('mgr.user.name')}</th>
            <th>{t('mgr.nomenclature.pattern')}</th>
            <th>{t('mgr.nomenclature.kind')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rules.map((r, i) => (
            <tr key={i} data-testid="rule-row">
              <td>
                <input
                  aria-label={t('mgr.user.name')}
                  value={r.name}
                  onChange={(e) => patch(i, { name: e.target.value })}
                />
              </td>
              <td>
                <input
                  dir="ltr"
                  aria-label={t('mgr.nomenclature.pattern')}
                  value={r.pattern}
                  aria-invalid={!/^[0-9PWVNC]{13}$/.test(r.pattern)}
                  onChange={(e) => patch(i, { pattern: e.target.value.toUpperCase() })}
                />
              </td>
              <td>
                <select
                  aria-label={t('mgr.nomenclature.kind')}
                  value={r.kind}
                  onChange={(e) => patch(i, { kind: e.target.value as Rule['kind'] })}
                >
                  {RULE_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`mgr.nomenclature.${k}`)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() => setRules(rules.filter((_, j) => j !== i))}
                >
                  {t('sell.line.remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorLine error={saveError} />
      <div className="actions">
        <button
          type="button"
          className="btn"
          onClick={() => setRules([...rules, { name: '', pattern: '21PPPPPWWWWWC', kind: 'weight' }])}
        >
          {t('mgr.nomenclature.add')}
        </button>
        <button type="button" className="btn btn-primary" disabled={!valid} onClick={() => void save()}>
          {t('mgr.save')}
        </button>
      </div>
    </div>
  );
}
