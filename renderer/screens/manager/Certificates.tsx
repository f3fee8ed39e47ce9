import { useState } from 'react';
import { daysBetween } from '../../../core/certificate';
import { call } from '../../api/client';
import { isoDayToText } from '../../components/DateInput';
import { errorText, useLang, useT, type MessageKey } from '../../i18n';
import { localName } from '../../i18n/names';
import { casablancaDate } from './casablanca-time';
import { CertificateEditor, certificateKindText, type Certificate } from './CertificateEditor';
import { base64ToBytes, downloadFile } from './documents';
import { CoopSelect, ErrorLine, SelectField, useCooperatives, useLoad } from './shared';

/** A valid certificate ending within this many days is highlighted: time to ask the cooperative for the renewal. */
export const EXPIRING_SOON_DAYS = 30;

/** The screen's states: the station's four, with "expiring soon" carved out of the valid ones. */
type Shown = Certificate['status'] | 'expiring';
const FILTERS = ['to_complete', 'expired', 'expiring', 'not_yet_valid', 'valid'] as const;
/** Listed in this order: what needs the manager first, the migrated labels to complete at the very top. */
const RANK: Record<Shown, number> = { to_complete: 0, expired: 1, expiring: 2, not_yet_valid: 3, valid: 4 };

function shownStatus(c: Certificate, today: string): { shown: Shown; daysLeft: number | null } {
  const daysLeft = c.validTo === null ? null : daysBetween(today, c.validTo);
  if (c.status === 'valid' && daysLeft !== null && daysLeft <= EXPIRING_SOON_DAYS)
    return { shown: 'expiring', daysLeft };
  return { shown: c.status, daysLeft };
}

const ROW_CLASS: Partial<Record<Shown, string>> = {
  expired: 'expiry-expired',
  expiring: 'expiry-soon',
  to_complete: 'expiry-soon',
  not_yet_valid: 'expiry-soon',
};

/**
 * Certificates per cooperative (issue 13): quality signs and ONSSA authorisations, with their number, body,
 * validity, products covered and scan. Expired and expiring ones stand out; the labels migrated from the old
 * free text come first with a call to complete them, since they print unchecked until then.
 */
export default function CertificatesScreen() {
  const t = useT();
  const lang = useLang();
  const cooperatives = useCooperatives();
  const [coopId, setCoopId] = useState<number | null>(null);
  const [filter, setFilter] = useState<Shown | null>(null);
  const [editing, setEditing] = useState<Certificate | 'new' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const {
    data,
    error: loadError,
    reload,
  } = useLoad(() => call('certificates.list', { cooperativeId: coopId }), [coopId]);
  const today = casablancaDate(Date.now());
  const all = (data ?? []).map((c) => ({ c, ...shownStatus(c, today) }));
  const toComplete = all.filter((x) => x.shown === 'to_complete').length;
  const rows = all
    .filter((x) => filter === null || x.shown === filter)
    .sort(
      (a, b) =>
        RANK[a.shown] - RANK[b.shown] ||
        (a.c.validTo ?? '9999').localeCompare(b.c.validTo ?? '9999') ||
        a.c.id - b.c.id,
    );
  const coopName = (id: number) => {
    const coop = cooperatives.find((x) => x.id === id);
    return coop ? localName(coop, lang) : '';
  };
  const kindLabel = (k: string) => certificateKindText(t, k);
  const statusLabel = (x: { shown: Shown; daysLeft: number | null }) =>
    x.shown === 'expiring'
      ? t('mgr.cert.expiresIn', { count: x.daysLeft ?? 0 })
      : t(`certificate.status.${x.shown}`);
  const filterLabel = (f: Shown): string =>
    f === 'expiring' ? t('mgr.cert.expiringSoon') : t(`certificate.status.${f}` as MessageKey);

  const view = async (c: Certificate) => {
    try {
      const doc = await call('certificates.document', { id: c.id });
      downloadFile(base64ToBytes(doc.base64), doc.mime, doc.name);
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <section className="screen mgr-screen">
      <h1>{t('nav.certificates')}</h1>
      {toComplete > 0 && (
        <p className="notice notice-warning" role="status" data-testid="cert-to-complete">
          {t('mgr.cert.toCompleteCall', { count: toComplete })}
        </p>
      )}
      <div className="row">
        <CoopSelect value={coopId} onChange={setCoopId} cooperatives={cooperatives} all />
        <SelectField
          label={t('mgr.cert.filterStatus')}
          value={filter}
          onChange={setFilter}
          options={[
            { value: null, label: t('mgr.cert.any') },
            ...FILTERS.map((f) => ({ value: f, label: filterLabel(f) })),
          ]}
        />
        <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
          {t('mgr.cert.add')}
        </button>
      </div>
      <ErrorLine error={error ?? loadError} />
      {data && rows.length === 0 && <p className="muted">{t('mgr.cert.none')}</p>}
      {rows.length > 0 && (
        <div className="catalog-scroll">
          <table className="mgr-table" aria-label={t('nav.certificates')}>
            <thead>
              <tr>
                <th>{t('mgr.coop')}</th>
                <th>{t('mgr.cert.kind')}</th>
                <th>{t('mgr.cert.number')}</th>
                <th>{t('mgr.cert.body')}</th>
                <th>{t('mgr.cert.validFrom')}</th>
                <th>{t('mgr.cert.validTo')}</th>
                <th>{t('mgr.cert.products')}</th>
                <th>{t('mgr.cert.status')}</th>
                <th>{t('mgr.cert.document')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map((x) => (
                <tr key={x.c.id} className={ROW_CLASS[x.shown]} data-testid="cert-row" data-status={x.shown}>
                  <td>{coopName(x.c.cooperativeId)}</td>
                  <td>{kindLabel(x.c.kind)}</td>
                  <td dir="ltr">{x.c.number ?? '—'}</td>
                  <td>{x.c.body || '—'}</td>
                  <td dir="ltr">{x.c.validFrom ? isoDayToText(x.c.validFrom) : '—'}</td>
                  <td dir="ltr">{x.c.validTo ? isoDayToText(x.c.validTo) : '—'}</td>
                  <td>
                    {x.c.productIds.length === 0
                      ? t('mgr.cert.allProducts')
                      : t('mgr.cert.productCount', { count: x.c.productIds.length })}
                  </td>
                  <td>
                    <span className="badge" data-testid="cert-status">
                      {statusLabel(x)}
                    </span>
                  </td>
                  <td>
                    {x.c.document ? (
                      <button type="button" className="btn btn-small" onClick={() => void view(x.c)}>
                        {t('mgr.cert.view')}
                      </button>
                    ) : (
                      <span className="muted">{t('mgr.cert.noDocument')}</span>
                    )}
                  </td>
                  <td>
                    <button type="button" className="btn btn-small" onClick={() => setEditing(x.c)}>
                      {x.shown === 'to_complete' ? t('mgr.cert.complete') : t('mgr.edit')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing && (
        <CertificateEditor
          certificate={editing === 'new' ? null : editing}
          cooperatives={cooperatives}
          cooperativeId={coopId}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
        />
      )}
    </section>
  );
}
