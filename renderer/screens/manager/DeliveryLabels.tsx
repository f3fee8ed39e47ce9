import { useEffect, useId, useState } from 'react';
import type { ApiOutput } from '../../../api/contract';
import type { Unit } from '../../../core/quantity';
import { call } from '../../api/client';
import { isoDayToText } from '../../components/DateInput';
import { Modal } from '../../components/Modal';
import { errorText, useLang, useT } from '../../i18n';
import { localName } from '../../i18n/names';
import { downloadPdf } from './documents';
import { ErrorLine, FieldHint } from './shared';

type Delivery = ApiOutput<'deliveries.get'>;
type DeliveryLine = Delivery['lines'][number];

/** What labels.sheet takes per item and labels.print per call. */
const MAX_SHEET_COPIES = 400;
const MAX_PRINT_COPIES = 50;

/** Copies of a label for a received line: one per piece, one per weighed lot. */
export function labelCopies(milli: number, unit: Unit, max: number): number {
  if (unit !== 'piece') return 1;
  return Math.max(1, Math.min(max, Math.floor(milli / 1000)));
}

interface LineChoice {
  include: boolean;
  copies: string;
}

/**
 * A product whose pack carries its manufacturer's GS1 code needs no shop label: unticked unless the
 * manager wants one (a shelf label, a torn pack). Pieces get one label each, a weighed lot one.
 */
function defaultChoice(line: DeliveryLine): LineChoice {
  return {
    include: !line.ownGtin,
    copies: String(labelCopies(line.quantity, line.unit, MAX_SHEET_COPIES)),
  };
}

function parseCopies(text: string): number | null {
  if (!/^\d{1,3}$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return n >= 1 && n <= MAX_SHEET_COPIES ? n : null;
}

/** The labels of a received delivery, line by line: which to print and how many, as a sheet or on the printer. */
export function DeliveryLabelsDialog({ deliveryId, onClose }: { deliveryId: number; onClose(): void }) {
  const t = useT();
  const lang = useLang();
  const [delivery, setDelivery] = useState<Delivery | null>(null);
  const [choices, setChoices] = useState<LineChoice[]>([]);
  const [layout, setLayout] = useState<'3x8' | '4x10'>('3x8');
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const hintId = useId();

  useEffect(() => {
    let live = true;
    call('deliveries.get', { id: deliveryId })
      .then((d) => {
        if (!live) return;
        setDelivery(d);
        setChoices(d.lines.map(defaultChoice));
      })
      .catch((err: unknown) => live && setError(errorText(err)));
    return () => {
      live = false;
    };
  }, [deliveryId]);

  const lines = delivery?.lines ?? [];
  const copies = choices.map((c) => parseCopies(c.copies));
  const picked = lines.flatMap((line, i) => {
    const n = copies[i];
    return choices[i]?.include === true && n !== null && n !== undefined ? [{ line, copies: n }] : [];
  });
  const invalid = choices.some((c, i) => c.include && copies[i] === null);
  const ready = delivery !== null && picked.length > 0 && !invalid && !busy;
  const update = (i: number, patch: Partial<LineChoice>) =>
    setChoices((cs) => cs.map((c, j) => (j === i ? { ...c, ...patch } : c)));

  const run = async (what: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    try {
      setStatus(await what());
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const item = (line: DeliveryLine) => ({
    productId: line.productId,
    bestBefore: line.bestBefore,
    ...(line.lot.trim() ? { lot: line.lot.trim() } : {}),
  });

  const sheet = () =>
    run(async () => {
      const res = await call('labels.sheet', {
        layout,
        items: picked.slice(0, 200).map((p) => ({ ...item(p.line), copies: p.copies })),
      });
      downloadPdf(res.pdfBase64, `labels-${deliveryId}.pdf`);
      const done = t('mgr.labels.sheetDone', { labels: res.labels, pages: res.pages });
      // The sheet left off the signs whose certificates are expired or not yet valid: the manager is told.
      const leftOff = res.warnings.filter((w) => w.status !== 'to_complete').length;
      return leftOff ? `${done} ${t('mgr.labels.certificatesLeftOff', { count: leftOff })}` : done;
    });

  const print = () =>
    run(async () => {
      let printer = '';
      for (const p of picked) {
        // labels.print takes at most 50 copies a call: a run of 120 soaps goes in three.
        for (let left = p.copies; left > 0; left -= MAX_PRINT_COPIES) {
          const res = await call('labels.print', {
            ...item(p.line),
            copies: Math.min(left, MAX_PRINT_COPIES),
          });
          printer = res.printer;
        }
      }
      return t('mgr.labels.printed', { printer });
    });

  return (
    <Modal title={t('mgr.labels.title', { id: deliveryId })} onClose={onClose} wide>
      {delivery && (
        <p className="muted">
          {delivery.cooperativeName} · {delivery.noteRef}
        </p>
      )}
      {lines.length > 0 && (
        <table className="mgr-table delivery-label-lines">
          <thead>
            <tr>
              <th>{t('mgr.labels.include')}</th>
              <th>{t('sell.col.product')}</th>
              <th>{t('mgr.receive.lot')}</th>
              <th>{t('mgr.receive.bestBefore')}</th>
              <th>{t('mgr.labels.copies')}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line, i) => {
              const choice = choices[i] ?? defaultChoice(line);
              const bad = choice.include && copies[i] === null;
              return (
                <tr key={line.lineId} data-testid="label-line">
                  <td>
                    <input
                      type="checkbox"
                      aria-label={t('mgr.labels.includeFor', { name: line.nameFr })}
                      checked={choice.include}
                      onChange={(e) => update(i, { include: e.target.checked })}
                    />
                  </td>
                  <td>
                    {localName(line, lang)} <span className="muted">{line.sku}</span>
                    {line.ownGtin && <span className="muted"> · {t('mgr.labels.ownGtin')}</span>}
                  </td>
                  <td dir="ltr" className="nowrap">
                    {line.lot}
                  </td>
                  <td dir="ltr">{line.bestBefore === null ? '' : isoDayToText(line.bestBefore)}</td>
                  <td>
                    <input
                      aria-label={t('mgr.labels.copiesFor', { name: line.nameFr })}
                      inputMode="numeric"
                      dir="ltr"
                      size={4}
                      value={choice.copies}
                      disabled={!choice.include}
                      aria-invalid={bad}
                      aria-describedby={bad ? `${hintId}-copies-${line.lineId}` : undefined}
                      onChange={(e) => update(i, { copies: e.target.value })}
                    />
                    {bad && (
                      <FieldHint
                        id={`${hintId}-copies-${line.lineId}`}
                        text={t('mgr.labels.copiesInvalid')}
                      />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {lines.some((l) => l.ownGtin) && <p className="muted">{t('mgr.labels.ownGtinHint')}</p>}
      {delivery && picked.length === 0 && !invalid && <p className="muted">{t('mgr.labels.none')}</p>}
      <label className="field">
        <span>{t('mgr.labels.layout')}</span>
        <select value={layout} onChange={(e) => setLayout(e.target.value as '3x8' | '4x10')}>
          <option value="3x8">3 × 8</option>
          <option value="4x10">4 × 10</option>
        </select>
      </label>
      {status && (
        <p className="notice notice-success" role="status">
          {status}
        </p>
      )}
      <ErrorLine error={error} />
      <div className="actions">
        <button type="button" className="btn" onClick={onClose}>
          {t('common.close')}
        </button>
        <button type="button" className="btn" disabled={!ready} onClick={() => void print()}>
          {t('mgr.labels.print')}
        </button>
        <button type="button" className="btn btn-primary" disabled={!ready} onClick={() => void sheet()}>
          {t('mgr.labels.sheet')}
        </button>
      </div>
      <p className="muted">{t('mgr.labels.hint')}</p>
    </Modal>
  );
}
