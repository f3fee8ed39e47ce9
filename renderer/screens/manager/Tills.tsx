import { useState } from 'react';
import type { ApiOutput } from '../../../api/contract';
import { formatLocalTime } from '../../../core/time';
import type { TillKind } from '../../../core/till-device';
import { call } from '../../api/client';
import { Modal } from '../../components/Modal';
import { errorText, formatDate, useT } from '../../i18n';
import { shopOffsetAt } from '../../stores/clock';
import { useUi } from '../../stores/ui';
import { ErrorLine, SelectField, TextField, useLoad } from './shared';

type Till = ApiOutput<'tills.list'>['tills'][number];
type Pairing = ApiOutput<'tills.newCode'>;

/**
 * Caisses / الصناديق / Tills (issue 11): the shop's tills and back-office tablets. Adding one (or asking
 * a new code) shows its one-time pairing code big enough to type at the till from across the counter;
 * the long form, with the station's address and certificate, is there to scan or paste. Revoking locks
 * a lost or stolen device out at once.
 */
export default function TillsScreen() {
  const t = useT();
  const toast = useUi((s) => s.toast);
  const { data, error, reload } = useLoad(() => call('tills.list', {}), []);
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<TillKind>('till');
  const [formError, setFormError] = useState<string | null>(null);
  const [shown, setShown] = useState<{ till: string; name: string; pairing: Pairing } | null>(null);
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [revoking, setRevoking] = useState<Till | null>(null);

  const add = async () => {
    setFormError(null);
    try {
      const r = await call('tills.create', { id: id.trim(), name: name.trim(), kind });
      setShown({ till: r.till.id, name: r.till.name, pairing: r.pairing });
      setId('');
      setName('');
      reload();
    } catch (err) {
      setFormError(errorText(err));
    }
  };
  const newCode = async (till: Till) => {
    try {
      setShown({ till: till.id, name: till.name, pairing: await call('tills.newCode', { tillId: till.id }) });
      reload();
    } catch (err) {
      toast('error', errorText(err));
    }
  };
  const revoke = async (till: Till) => {
    try {
      await call('tills.revoke', { tillId: till.id });
      toast('success', t('mgr.tills.revoked', { name: till.name }));
      setRevoking(null);
      reload();
    } catch (err) {
      toast('error', errorText(err));
    }
  };
  const rename = async () => {
    if (!renaming) return;
    try {
      await call('tills.rename', { tillId: renaming.id, name: renaming.name.trim() });
      setRenaming(null);
      reload();
    } catch (err) {
      toast('error', errorText(err));
    }
  };

  const tills = data?.tills ?? [];
  const station = data?.station;
  return (
    <section className="screen mgr-screen tills-screen">
      <h2>{t('mgr.tills.title')}</h2>
      <ErrorLine error={error} />
      <div className="tills-scroll">
        <table className="mgr-table" data-testid="tills-table">
          <thead>
            <tr>
              <th>{t('mgr.tills.id')}</th>
              <th>{t('mgr.tills.name')}</th>
              <th>{t('mgr.tills.kind')}</th>
              <th>{t('mgr.tills.status')}</th>
              <th>{t('mgr.tills.session')}</th>
              <th>
                <span className="visually-hidden">{t('mgr.stock.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tills.map((till) => (
              <tr key={till.id} data-till={till.id}>
                <td dir="ltr">{till.id}</td>
                <td>
                  {renaming?.id === till.id ? (
                    <TextField
                      label={t('mgr.tills.name')}
                      value={renaming.name}
                      autoFocus
                      onChange={(v) => setRenaming({ id: till.id, name: v })}
                      onEnter={() => void rename()}
                    />
                  ) : (
                    till.name
                  )}
                </td>
                <td>{t(`mgr.tills.kind.${till.kind}`)}</td>
                <td>
                  <span className={`tills-state tills-state-${till.status}`}>
                    {t(`mgr.tills.status.${till.status}`)}
                  </span>
                  {till.codeExpiresAt !== null && (
                    <span className="hint">
                      {' '}
                      {t('mgr.tills.codeUntil', {
                        time: formatLocalTime(till.codeExpiresAt, shopOffsetAt(till.codeExpiresAt), false),
                      })}
                    </span>
                  )}
                </td>
                <td>
                  {till.openSession
                    ? t('mgr.tills.openSince', {
                        name: till.openSession.openedByName,
                        date: formatDate(till.openSession.openedAt),
                      })
                    : '—'}
                </td>
                <td className="row-actions">
                  {renaming?.id === till.id ? (
                    <>
                      <button
                        type="button"
                        className="btn btn-small btn-primary"
                        onClick={() => void rename()}
                      >
                        {t('mgr.save')}
                      </button>
                      <button type="button" className="btn btn-small" onClick={() => setRenaming(null)}>
                        {t('common.cancel')}
                      </button>
                    </>
                  ) : (
                    <button
                      type="button"
                      className="btn btn-small"
                      onClick={() => setRenaming({ id: till.id, name: till.name })}
                    >
                      {t('mgr.tills.rename')}
                    </button>
                  )}
                  {till.status !== 'station' && (
                    <button type="button" className="btn btn-small" onClick={() => void newCode(till)}>
                      {till.status === 'unpaired' ? t('mgr.tills.showCode') : t('mgr.tills.newCode')}
                    </button>
                  )}
                  {till.status !== 'station' && till.status !== 'revoked' && (
                    <button
                      type="button"
                      className="btn btn-small btn-danger"
                      onClick={() => setRevoking(till)}
                    >
                      {t('mgr.tills.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <form
        className="tills-add"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <h3>{t('mgr.tills.add')}</h3>
        <TextField label={t('mgr.tills.id')} value={id} dir="ltr" onChange={(v) => setId(v.toUpperCase())} />
        <TextField label={t('mgr.tills.name')} value={name} onChange={setName} />
        <SelectField
          label={t('mgr.tills.kind')}
          value={kind}
          onChange={setKind}
          options={[
            { value: 'till', label: t('mgr.tills.kind.till') },
            { value: 'backoffice', label: t('mgr.tills.kind.backoffice') },
          ]}
        />
        <button type="submit" className="btn btn-primary" disabled={id.trim() === '' || name.trim() === ''}>
          {t('mgr.tills.addButton')}
        </button>
        <ErrorLine error={formError} />
      </form>

      {station && (
        <p className="hint tills-station">
          {station.fingerprint
            ? t('mgr.tills.station', { addresses: station.addresses.join(', ') || '—' })
            : t('mgr.tills.noLan')}
          {station.fingerprint && (
            <code dir="ltr" className="fingerprint">
              {station.fingerprint}
            </code>
          )}
        </p>
      )}

      {shown && (
        <Modal title={t('mgr.tills.codeTitle', { name: shown.name })} onClose={() => setShown(null)} wide>
          <p>{t('mgr.tills.codeHint', { id: shown.till })}</p>
          <p className="pairing-code" dir="ltr" data-testid="pairing-code">
            {shown.pairing.code}
          </p>
          <p className="hint">
            {t('mgr.tills.codeExpires', {
              time: formatLocalTime(shown.pairing.expiresAt, shopOffsetAt(shown.pairing.expiresAt), false),
            })}
          </p>
          {shown.pairing.fullCode && (
            <label className="field">
              <span>{t('mgr.tills.fullCode')}</span>
              <textarea
                className="pairing-full"
                dir="ltr"
                readOnly
                rows={3}
                value={shown.pairing.fullCode}
                onFocus={(e) => e.currentTarget.select()}
              />
            </label>
          )}
          <div className="actions">
            <button type="button" className="btn btn-primary" onClick={() => setShown(null)}>
              {t('mgr.tills.done')}
            </button>
          </div>
        </Modal>
      )}

      {revoking && (
        <Modal title={t('mgr.tills.revokeTitle', { name: revoking.name })} onClose={() => setRevoking(null)}>
          <p>{t('mgr.tills.revokeHint')}</p>
          <div className="actions">
            <button type="button" className="btn" onClick={() => setRevoking(null)}>
              {t('common.cancel')}
            </button>
            <button type="button" className="btn btn-danger" onClick={() => void revoke(revoking)}>
              {t('mgr.tills.revoke')}
            </button>
          </div>
        </Modal>
      )}
    </section>
  );
}
