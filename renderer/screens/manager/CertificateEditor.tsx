import { useState } from 'react';
import type { ApiOutput } from '../../../api/contract';
import { CERTIFICATE_KINDS } from '../../../core/certificate';
import { call } from '../../api/client';
import { DateInput } from '../../components/DateInput';
import { Modal } from '../../components/Modal';
import { errorText, useLang, useT, type MessageKey } from '../../i18n';
import { localName } from '../../i18n/names';
import { useUi } from '../../stores/ui';
import {
  CoopSelect,
  ErrorLine,
  FieldHint,
  SelectField,
  TextField,
  useLoad,
  type Cooperative,
} from './shared';

export type Certificate = ApiOutput<'certificates.list'>[number];

/** What the station takes (certificates.uploadDocument): a scan, not an archive. */
export const DOCUMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export const DOCUMENT_MAX_BYTES = 2 * 1024 * 1024;

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

/** A file the station would refuse, said before sending 2 MB for nothing (null: fine). */
function documentProblem(file: File | null): 'mgr.cert.documentTooBig' | 'mgr.cert.documentType' | null {
  if (!file) return null;
  if (!(DOCUMENT_TYPES as readonly string[]).includes(file.type)) return 'mgr.cert.documentType';
  if (file.size === 0 || file.size > DOCUMENT_MAX_BYTES) return 'mgr.cert.documentTooBig';
  return null;
}

/** A certificate's kind in the screen's language; a kind from the old free text is shown as it was typed. */
export function certificateKindText(t: (key: MessageKey) => string, kind: string): string {
  return (CERTIFICATE_KINDS as readonly string[]).includes(kind)
    ? t(`certificate.kind.${kind as (typeof CERTIFICATE_KINDS)[number]}`)
    : kind;
}

/**
 * A new certificate, or an existing one completed or renewed: kind, number, certifying body, validity,
 * the products covered (none ticked: all the cooperative's, as an ONSSA authorisation) and the scan.
 */
export function CertificateEditor(props: {
  certificate: Certificate | null;
  cooperatives: Cooperative[];
  cooperativeId: number | null;
  onClose(): void;
  onSaved(): void;
}) {
  const t = useT();
  const lang = useLang();
  const c = props.certificate;
  const [coopId, setCoopId] = useState<number | null>(c?.cooperativeId ?? props.cooperativeId);
  const [kind, setKind] = useState<string>(c?.kind ?? 'organic');
  const [number, setNumber] = useState(c?.number ?? '');
  const [body, setBody] = useState(c?.body ?? '');
  const [validFrom, setValidFrom] = useState(c?.validFrom ?? '');
  const [validTo, setValidTo] = useState(c?.validTo ?? '');
  const [productIds, setProductIds] = useState<number[]>(c?.productIds ?? []);
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Once created, a retry (the scan refused, say) updates the same certificate instead of adding another.
  const [savedId, setSavedId] = useState<number | null>(c?.id ?? null);
  const { data: products } = useLoad(
    () =>
      coopId === null
        ? Promise.resolve(null)
        : call('products.list', { query: '', cooperativeId: coopId, offset: 0, limit: 200 }),
    [coopId],
  );

  const kinds: string[] = (CERTIFICATE_KINDS as readonly string[]).includes(kind)
    ? [...CERTIFICATE_KINDS]
    : [...CERTIFICATE_KINDS, kind];
  const kindLabel = (k: string) => certificateKindText(t, k);
  const docProblem = documentProblem(file);
  const datesBackwards = validFrom !== '' && validTo !== '' && validTo < validFrom;
  const hint =
    coopId === null
      ? t('mgr.cert.needKind')
      : datesBackwards
        ? t('mgr.cert.datesOrder')
        : docProblem
          ? t(docProblem)
          : null;

  const save = async () => {
    if (hint !== null || coopId === null || busy) return;
    setBusy(true);
    const fields = {
      kind,
      number: number.trim() || null,
      body: body.trim(),
      validFrom: validFrom || null,
      validTo: validTo || null,
      productIds,
    };
    try {
      const saved =
        savedId !== null
          ? await call('certificates.update', { id: savedId, ...fields })
          : await call('certificates.create', { cooperativeId: coopId, ...fields });
      setSavedId(saved.id);
      if (file) {
        await call('certificates.uploadDocument', {
          id: saved.id,
          name: file.name.slice(0, 120),
          mime: file.type,
          base64: await readBase64(file),
        });
      }
      useUi.getState().toast('success', t('mgr.cert.saved'));
      props.onSaved();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const rows = products?.rows ?? [];
  return (
    <Modal title={c ? t('mgr.cert.edit') : t('mgr.cert.add')} onClose={props.onClose} wide>
      <div className="form-grid">
        {c ? (
          <p>
            {localName(
              props.cooperatives.find((x) => x.id === c.cooperativeId) ?? { nameFr: '', nameAr: '' },
              lang,
            )}
          </p>
        ) : (
          <CoopSelect
            value={coopId}
            onChange={(id) => {
              setCoopId(id);
              setProductIds([]);
            }}
            cooperatives={props.cooperatives}
            autoFocus
          />
        )}
        <SelectField
          label={t('mgr.cert.kind')}
          value={kind}
          onChange={setKind}
          autoFocus={c !== null}
          options={kinds.map((k) => ({ value: k, label: kindLabel(k) }))}
        />
        <TextField label={t('mgr.cert.number')} value={number} onChange={setNumber} dir="ltr" />
        <TextField label={t('mgr.cert.body')} value={body} onChange={setBody} />
        <DateInput
          label={t('mgr.cert.validFrom')}
          value={validFrom}
          onChange={setValidFrom}
          testId="cert-from"
        />
        <DateInput
          label={t('mgr.cert.validTo')}
          value={validTo}
          onChange={setValidTo}
          invalid={datesBackwards}
          testId="cert-to"
        />
        <label className="field">
          <span>{t('mgr.cert.document')}</span>
          <input
            type="file"
            accept={DOCUMENT_TYPES.join(',')}
            data-testid="cert-file"
            aria-invalid={docProblem !== null || undefined}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
          <small className="muted">{t('mgr.cert.documentHint')}</small>
        </label>
      </div>
      <fieldset className="field" aria-label={t('mgr.cert.products')}>
        <legend>{t('mgr.cert.products')}</legend>
        <p className="muted">
          {productIds.length === 0
            ? t('mgr.cert.allProducts')
            : t('mgr.cert.productCount', { count: productIds.length })}
        </p>
        {rows.map((p) => (
          <label key={p.id} className="check">
            <input
              type="checkbox"
              checked={productIds.includes(p.id)}
              onChange={(e) =>
                setProductIds((ids) => (e.target.checked ? [...ids, p.id] : ids.filter((x) => x !== p.id)))
              }
            />
            {localName(p, lang)}
          </label>
        ))}
      </fieldset>
      <ErrorLine error={error} />
      <div className="actions">
        <button type="button" className="btn" onClick={props.onClose}>
          {t('common.cancel')}
        </button>
        <div className="field-group">
          <button
            type="button"
            className="btn btn-primary"
            disabled={hint !== null || busy}
            aria-describedby={hint ? 'cert-hint' : undefined}
            onClick={() => void save()}
          >
            {t('mgr.save')}
          </button>
          {hint && <FieldHint id="cert-hint" text={hint} />}
        </div>
      </div>
    </Modal>
  );
}
