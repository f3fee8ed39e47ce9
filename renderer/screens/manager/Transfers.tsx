import { useEffect, useId, useState } from 'react';
import type { ApiOutput } from '../../../api/contract';
import { parseQuantity, quantityText } from '../../../core/quantity';
import { formatLocalDateTime } from '../../../core/time';
import { transferStatus, type TransferStatus } from '../../../core/transfer';
import { call } from '../../api/client';
import { isoDayToText } from '../../components/DateInput';
import { errorText, formatQuantity, useLang, useT } from '../../i18n';
import { coopNameOf, localName } from '../../i18n/names';
import { newClientId } from '../../stores/client-id';
import { shopOffsetAt } from '../../stores/clock';
import { useUi } from '../../stores/ui';
import { downloadPdf } from './documents';
import {
  ErrorLine,
  FieldHint,
  ProductSearchBox,
  SelectField,
  TextField,
  useLoad,
  type ProductHit,
} from './shared';

type Hit = ProductHit;
type Lot = ApiOutput<'stock.lots'>[number];
type Incoming = ApiOutput<'transfers.incoming'>[number];
type View = ApiOutput<'transfers.list'>[number];
type Shop = ApiOutput<'transfers.shops'>[number];
type Tab = 'send' | 'incoming' | 'history';
const TABS: readonly Tab[] = ['send', 'incoming', 'history'];

interface Line {
  key: number;
  product: Pick<Hit, 'id' | 'sku' | 'nameFr' | 'nameAr' | 'unit'>;
  cooperativeId: number;
  cooperativeName: string;
  cooperativeNameAr: string;
  /** What the cooperative has here of the product, milli-units (the ledger's; the lots split it). */
  onHand: number;
  /** Lots still on the shelf, oldest first: the first is proposed (first in, first out). */
  lots: Lot[];
  lot: string;
  qty: string;
}

let nextKey = 1;

/** Shop time, digits left to right in every language (the browser's tz data is not trusted: core/time.ts). */
function shopTime(at: number): string {
  return formatLocalDateTime(at, shopOffsetAt(at), false);
}

/** A best-before day as the date fields write it ("31/01/2027"), a dash when the lot has none. */
function dayText(day: string | null): string {
  return day ? isoDayToText(day) : '—';
}

/**
 * Transferts / التحويلات / Transfers (issue 12): consigned stock sent to another shop of the chain and
 * received from one. The goods stay their cooperative's; HQ relays a send to the receiving shop. Without HQ
 * a send is still recorded here and goes up with the journal later; what is on its way, and what the other
 * shop received of a send, need HQ, and the screen says so.
 */
export default function TransfersScreen() {
  const t = useT();
  const [tab, setTab] = useState<Tab>('send');
  return (
    <section className="screen mgr-screen transfers-screen">
      <h1>{t('nav.transfers')}</h1>
      <div className="row" role="tablist">
        {TABS.map((x) => (
          <button
            key={x}
            type="button"
            role="tab"
            aria-selected={x === tab}
            className={x === tab ? 'btn btn-active' : 'btn'}
            onClick={() => setTab(x)}
          >
            {t(`mgr.transfers.tab.${x}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {tab === 'send' && <SendTab />}
        {tab === 'incoming' && <IncomingTab />}
        {tab === 'history' && <HistoryTab />}
      </div>
    </section>
  );
}

/** The note for the driver: the receiving shop by name when HQ gave it. */
async function printNote(transferId: string, toShopName: string | undefined): Promise<void> {
  const { fileName, pdfBase64 } = await call('transfers.notePdf', {
    transferId,
    ...(toShopName ? { toShopName } : {}),
  });
  downloadPdf(pdfBase64, fileName);
}

function SendTab() {
  const t = useT();
  const lang = useLang();
  const hintId = useId();
  const shops = useLoad(() => call('transfers.shops', {}), []);
  const [toShop, setToShop] = useState<string | null>(null);
  // Without HQ the list of shops is not there: the manager types the receiving shop's id from the chain.
  const [typedShop, setTypedShop] = useState('');
  const [note, setNote] = useState('');
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<Hit[]>([]);
  const [active, setActive] = useState(0);
  const [lines, setLines] = useState<Line[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [transferId, setTransferId] = useState(newClientId);
  const [sent, setSent] = useState<{ transferId: string; shop: string; shopName?: string } | null>(null);

  useEffect(() => {
    const q = query.trim();
    if (q === '' || /^\d{8,}$/.test(q)) {
      setHits([]);
      return;
    }
    let live = true;
    const timer = window.setTimeout(() => {
      call('products.search', { query: q, limit: 30 })
        .then((found) => {
          if (!live) return;
          setHits(found);
          setActive(0);
        })
        .catch((err: unknown) => live && setError(errorText(err)));
    }, 150);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [query]);

  const addProduct = async (
    p: Line['product'] & { cooperativeId: number; cooperativeName: string; cooperativeNameAr: string },
  ) => {
    setQuery('');
    setHits([]);
    setError(null);
    try {
      const lots = await call('stock.lots', { productId: p.id, cooperativeId: p.cooperativeId });
      const onHand = lots.reduce((sum, l) => sum + l.onHand, 0);
      const onShelf = lots.filter((l) => l.onHand > 0).reverse();
      if (onHand <= 0) {
        setError(t('mgr.transfers.nothingOnHand', { name: localName(p, lang) }));
        return;
      }
      setLines((ls) => [
        ...ls,
        {
          key: nextKey++,
          product: { id: p.id, sku: p.sku, nameFr: p.nameFr, nameAr: p.nameAr, unit: p.unit },
          cooperativeId: p.cooperativeId,
          cooperativeName: p.cooperativeName,
          cooperativeNameAr: p.cooperativeNameAr,
          onHand,
          lots: onShelf,
          lot: onShelf[0]?.lot ?? '',
          qty: '',
        },
      ]);
    } catch (err) {
      setError(errorText(err));
    }
  };

  const onSearchEnter = async () => {
    const q = query.trim();
    if (q === '') return;
    if (/^\d{8,}$/.test(q)) {
      try {
        const { product } = await call('products.scan', { code: q });
        await addProduct(product);
      } catch (err) {
        setError(errorText(err));
      }
      return;
    }
    const picked = hits[active] ?? hits[0];
    if (picked) await addProduct(picked);
  };

  const update = (key: number, patch: Partial<Line>) =>
    setLines((ls) => ls.map((l) => (l.key === key ? { ...l, ...patch } : l)));

  const parsed = lines.map((l) => parseQuantity(l.qty, l.product.unit));
  // What all the lines take of one product and cooperative: it cannot be more than is on hand.
  const taken = new Map<string, number>();
  lines.forEach((l, i) => {
    const k = `${l.product.id}:${l.cooperativeId}`;
    taken.set(k, (taken.get(k) ?? 0) + (parsed[i] ?? 0));
  });
  const qtyHint = (l: Line, i: number): string | null => {
    if (l.qty.trim() === '') return t('mgr.transfers.qtyHint');
    const q = parsed[i];
    if (q === null || q === undefined || q <= 0)
      return t('mgr.receive.qtyInvalid', { unit: t(`unit.${l.product.unit}`) });
    if ((taken.get(`${l.product.id}:${l.cooperativeId}`) ?? 0) > l.onHand)
      return t('mgr.transfers.overOnHand', { onHand: formatQuantity(l.product.unit, l.onHand) });
    return null;
  };
  const destination = shops.error ? typedShop.trim() : (toShop ?? '');
  const destinationOk = /^[A-Za-z0-9._-]{1,64}$/.test(destination);
  const ready = destinationOk && lines.length > 0 && lines.every((l, i) => qtyHint(l, i) === null);

  const submit = async () => {
    if (!ready || busy) return;
    setBusy(true);
    setError(null);
    try {
      await call('transfers.send', {
        transferId,
        toShop: destination,
        ...(note.trim() ? { note: note.trim() } : {}),
        lines: lines.map((l, i) => ({
          productId: l.product.id,
          cooperativeId: l.cooperativeId,
          quantity: parsed[i] ?? 0,
          ...(l.lot ? { lot: l.lot } : {}),
        })),
      });
      const shopName = shops.data?.find((s) => s.id === destination)?.name;
      setSent({ transferId, shop: destination, ...(shopName ? { shopName } : {}) });
      useUi.getState().toast('success', t('mgr.transfers.sent', { shop: shopName ?? destination }));
      setLines([]);
      setNote('');
      setTransferId(newClientId());
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="transfer-send">
      {shops.error ? (
        <>
          <p className="notice" role="status" data-testid="transfers-hq-down">
            {t('mgr.transfers.hqDownSend')}
          </p>
          <TextField
            label={t('mgr.transfers.toShopId')}
            value={typedShop}
            onChange={setTypedShop}
            dir="ltr"
          />
        </>
      ) : (
        <SelectField<string | null>
          label={t('mgr.transfers.toShop')}
          value={toShop}
          onChange={setToShop}
          options={[
            { value: null, label: t('mgr.transfers.pickShop') },
            ...(shops.data ?? []).map((s: Shop) => ({ value: s.id, label: `${s.name} (${s.id})` })),
          ]}
        />
      )}
      <TextField label={t('mgr.transfers.note')} value={note} onChange={setNote} />
      <ProductSearchBox
        label={t('mgr.transfers.search')}
        query={query}
        onQuery={setQuery}
        hits={hits}
        active={active}
        onActive={setActive}
        onEnter={() => void onSearchEnter()}
        onPick={(h) => void addProduct(h)}
      />
      {lines.length > 0 && (
        <table className="mgr-table transfer-lines">
          <thead>
            <tr>
              <th>{t('sell.col.product')}</th>
              <th>{t('mgr.coop')}</th>
              <th>{t('mgr.receive.lot')}</th>
              <th>{t('mgr.stock.onHand')}</th>
              <th>{t('sell.col.qty')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {lines.map((l, i) => {
              const hint = qtyHint(l, i);
              return (
                <tr key={l.key} data-testid="transfer-line">
                  <td>
                    {localName(l.product, lang)} <span className="muted">{l.product.sku}</span>
                  </td>
                  <td dir="auto">{coopNameOf(l, lang)}</td>
                  <td>
                    {l.lots.length > 0 ? (
                      <select
                        aria-label={t('mgr.transfers.lotFor', { name: localName(l.product, lang) })}
                        value={l.lot}
                        onChange={(e) => update(l.key, { lot: e.target.value })}
                        data-testid="transfer-lot"
                      >
                        {l.lots.map((lot) => (
                          <option key={`${lot.source}:${lot.deliveryLineId}`} value={lot.lot}>
                            {lot.lot || t('mgr.stock.lotNone')} · {t('mgr.stock.bb')}{' '}
                            {dayText(lot.bestBefore)} · {formatQuantity(l.product.unit, lot.onHand)}
                          </option>
                        ))}
                      </select>
                    ) : (
                      t('mgr.stock.lotNone')
                    )}
                  </td>
                  <td className="num">{formatQuantity(l.product.unit, l.onHand)}</td>
                  <td>
                    <input
                      aria-label={t('mgr.receive.qtyFor', {
                        name: localName(l.product, lang),
                        unit: t(`unit.${l.product.unit}`),
                      })}
                      inputMode="decimal"
                      dir="ltr"
                      value={l.qty}
                      aria-invalid={l.qty.trim() !== '' && hint !== null}
                      aria-describedby={hint === null ? undefined : `${hintId}-qty-${l.key}`}
                      onChange={(e) => update(l.key, { qty: e.target.value })}
                    />{' '}
                    {t(`unit.${l.product.unit}`)}
                    {hint !== null && <FieldHint id={`${hintId}-qty-${l.key}`} text={hint} />}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="btn btn-small"
                      onClick={() => setLines((ls) => ls.filter((x) => x.key !== l.key))}
                    >
                      {t('sell.line.remove')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <ErrorLine error={error} />
      <div className="actions">
        <button
          type="button"
          className="btn btn-primary btn-large"
          disabled={!ready || busy}
          onClick={() => void submit()}
        >
          {t('mgr.transfers.send')}
        </button>
        {sent && (
          <button
            type="button"
            className="btn"
            onClick={() =>
              printNote(sent.transferId, sent.shopName).catch((err: unknown) => setError(errorText(err)))
            }
          >
            {t('mgr.transfers.printNote')}
          </button>
        )}
      </div>
    </div>
  );
}

function IncomingTab() {
  const t = useT();
  const incoming = useLoad(() => call('transfers.incoming', {}), []);
  if (incoming.error) {
    return (
      <div>
        <ErrorLine error={incoming.error} />
        <p className="muted">{t('mgr.transfers.hqDownIncoming')}</p>
        <button type="button" className="btn" onClick={incoming.reload}>
          {t('mgr.transfers.retry')}
        </button>
      </div>
    );
  }
  if (!incoming.data) return null;
  if (incoming.data.length === 0) return <p className="muted">{t('mgr.transfers.noneIncoming')}</p>;
  return (
    <div className="transfer-incoming">
      {incoming.data.map((tr) => (
        <IncomingTransferCard key={tr.transferId} transfer={tr} onDone={incoming.reload} />
      ))}
    </div>
  );
}

/** A counted quantity: 0 for a line that did not come (parseQuantity refuses zero), else as typed. */
function parseCount(text: string, unit: Incoming['lines'][number]['unit']): number | null {
  return /^0+(?:[.,]0*)?$/.test(text.trim()) ? 0 : parseQuantity(text, unit);
}

function IncomingTransferCard({ transfer, onDone }: { transfer: Incoming; onDone(): void }) {
  const t = useT();
  const lang = useLang();
  // The count starts at what was sent: the manager changes only the lines that came short.
  const [counted, setCounted] = useState<string[]>(() =>
    transfer.lines.map((l) => quantityText(l.unit, l.quantity)),
  );
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const parsed = transfer.lines.map((l, i) => parseCount(counted[i] ?? '', l.unit));
  const bad = parsed.map((q, i) => q === null || q < 0 || q > transfer.lines[i]!.quantity);
  const shortfall = transfer.lines.reduce(
    (sum, l, i) => sum + (bad[i] ? 0 : l.quantity - (parsed[i] ?? 0)),
    0,
  );
  const receive = async () => {
    if (bad.some(Boolean) || busy) return;
    setBusy(true);
    setError(null);
    try {
      const res = await call('transfers.receive', {
        transferId: transfer.transferId,
        received: parsed.map((q) => q ?? 0),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      useUi
        .getState()
        .toast(
          res.shortfall > 0 ? 'info' : 'success',
          res.shortfall > 0 ? t('mgr.transfers.receivedShort') : t('mgr.transfers.received'),
        );
      onDone();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <article className="transfer-card" data-testid="transfer-incoming">
      <h2>
        {t('mgr.transfers.fromShop', { shop: transfer.fromShop })}{' '}
        <span className="muted" dir="ltr">
          {shopTime(transfer.sentAt)}
        </span>
      </h2>
      {transfer.note && <p dir="auto">{transfer.note}</p>}
      <table className="mgr-table">
        <thead>
          <tr>
            <th>{t('sell.col.product')}</th>
            <th>{t('mgr.receive.lot')}</th>
            <th>{t('mgr.stock.bb')}</th>
            <th className="num">{t('mgr.transfers.sentQty')}</th>
            <th>{t('mgr.transfers.countedQty')}</th>
          </tr>
        </thead>
        <tbody>
          {transfer.lines.map((l, i) => (
            <tr key={i}>
              <td>
                {localName(l, lang)} <span className="muted">{l.sku}</span>
              </td>
              <td dir="ltr">{l.lot || t('mgr.stock.lotNone')}</td>
              <td dir="ltr">{dayText(l.bestBefore)}</td>
              <td className="num">{formatQuantity(l.unit, l.quantity)}</td>
              <td>
                <input
                  aria-label={t('mgr.transfers.countedFor', {
                    name: localName(l, lang),
                    unit: t(`unit.${l.unit}`),
                  })}
                  inputMode="decimal"
                  dir="ltr"
                  value={counted[i] ?? ''}
                  aria-invalid={bad[i]}
                  onChange={(e) => setCounted((c) => c.map((v, j) => (j === i ? e.target.value : v)))}
                />{' '}
                {t(`unit.${l.unit}`)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {shortfall > 0 && (
        <p className="badge badge-warn" role="status" data-testid="transfer-shortfall">
          {t('mgr.transfers.shortfallCount', {
            count: transfer.lines.filter((l, i) => (parsed[i] ?? 0) < l.quantity).length,
          })}
        </p>
      )}
      <TextField label={t('mgr.transfers.receiveNote')} value={note} onChange={setNote} />
      <ErrorLine error={error} />
      <button
        type="button"
        className="btn btn-primary"
        disabled={bad.some(Boolean) || busy}
        onClick={() => void receive()}
      >
        {t('mgr.transfers.receive')}
      </button>
    </article>
  );
}

function StatusBadge({ status }: { status: TransferStatus }) {
  const t = useT();
  const warn = status === 'shortfall' || status === 'unknown';
  return (
    <span className={warn ? 'badge badge-warn' : 'badge'} data-testid="transfer-status">
      {t(`mgr.transfers.status.${status}`)}
    </span>
  );
}

function HistoryTab() {
  const t = useT();
  const lang = useLang();
  const list = useLoad(() => call('transfers.list', {}), []);
  const receipts = useLoad(() => call('transfers.receipts', {}), []);
  const [error, setError] = useState<string | null>(null);
  const shopNames = useLoad(() => call('transfers.shops', {}).catch(() => [] as Shop[]), []);
  if (list.error) return <ErrorLine error={list.error} />;
  if (!list.data) return null;
  if (list.data.length === 0) return <p className="muted">{t('mgr.transfers.noneYet')}</p>;
  const receiptOf = (v: View) => receipts.data?.find((r) => r.transferId === v.transferId);
  return (
    <div>
      {receipts.error && (
        <p className="notice" role="status" data-testid="transfers-hq-down">
          {t('mgr.transfers.hqDownHistory')}
        </p>
      )}
      <ErrorLine error={error} />
      <table className="mgr-table transfer-history">
        <thead>
          <tr>
            <th>{t('mgr.transfers.date')}</th>
            <th>{t('mgr.transfers.direction')}</th>
            <th>{t('mgr.transfers.lines')}</th>
            <th>{t('mgr.transfers.statusCol')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.data.map((v) => {
            const receipt = receiptOf(v);
            const status = transferStatus(v, receipt, receipts.data !== null);
            const name = shopNames.data?.find((s) => s.id === v.shop)?.name;
            return (
              <tr key={`${v.direction}:${v.transferId}`} data-testid="transfer-row">
                <td dir="ltr">{shopTime(v.at)}</td>
                <td>
                  {v.direction === 'out'
                    ? t('mgr.transfers.toShopRow', { shop: name ?? v.shop })
                    : t('mgr.transfers.fromShop', { shop: name ?? v.shop })}
                </td>
                <td>
                  <ul className="plain-list">
                    {v.lines.map((l, i) => {
                      const got = v.direction === 'in' ? l.received : (receipt?.received[i] ?? null);
                      return (
                        <li key={i}>
                          {localName(l, lang)} · {l.lot || t('mgr.stock.lotNone')} ·{' '}
                          <span dir="ltr">
                            {got === null
                              ? formatQuantity(l.unit, l.sent)
                              : `${formatQuantity(l.unit, got)} / ${formatQuantity(l.unit, l.sent)}`}
                          </span>
                        </li>
                      );
                    })}
                  </ul>
                </td>
                <td>
                  <StatusBadge status={status} />
                </td>
                <td>
                  {v.direction === 'out' && (
                    <button
                      type="button"
                      className="btn btn-small"
                      onClick={() =>
                        printNote(v.transferId, name).catch((err: unknown) => setError(errorText(err)))
                      }
                    >
                      {t('mgr.transfers.printNote')}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
