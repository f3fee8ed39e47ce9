import { useEffect, useId, useRef, useState } from 'react';
import { VAT_CODES, type VatCode } from '../../../core/vat';
import { parseQuantity, UNITS, type Unit } from '../../../core/quantity';
import { parseDirhams } from '../../../core/money';
import { call } from '../../api/client';
import { CERTIFICATE_KINDS, type CertificateKind } from '../../../core/certificate';
import { DateInput } from '../../components/DateInput';
import { MoneyInput } from '../../components/MoneyInput';
import { Modal } from '../../components/Modal';
import { errorText, useLang, useT } from '../../i18n';
import { newClientId } from '../../stores/client-id';
import { useUi } from '../../stores/ui';
import { localName } from '../../i18n/names';
import { DeliveryLabelsDialog } from './DeliveryLabels';
import {
  CoopSelect,
  ErrorLine,
  FieldHint,
  ProductSearchBox,
  SelectField,
  TextField,
  useCooperatives,
  useLoad,
  type Cooperative,
  type ProductHit,
} from './shared';

type Hit = ProductHit;
type LineProduct = Pick<Hit, 'id' | 'sku' | 'nameFr' | 'nameAr' | 'unit'>;
interface Line {
  key: number;
  product: LineProduct;
  qty: string;
  lot: string;
  bestBefore: string;
}

let nextKey = 1;

/** A cooperative's delivery: lines with quantity, lot and best-before, then labels for what came in. */
export default function ReceiveScreen() {
  const t = useT();
  const lang = useLang();
  const cooperatives = useCooperatives();
  const [coopId, setCoopId] = useState<number | null>(null);
  const [noteRef, setNoteRef] = useState('');
  const [comment, setComment] = useState('');
  const [lines, setLines] = useState<Line[]>([]);
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<Hit[]>([]);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [creating, setCreating] = useState(false);
  /** The delivery just recorded, whose labels are offered next. */
  const [received, setReceived] = useState<number | null>(null);
  // Certificates of the delivered products that do not back them today: kept on screen until the next delivery.
  const [certWarnings, setCertWarnings] = useState<string[]>([]);
  /** The line whose quantity takes the focus once it is on screen (the one just added). */
  const [focusKey, setFocusKey] = useState<number | null>(null);
  const hintId = useId();
  // One id per delivery being typed: a retry after a lost answer cannot receive it twice.
  const clientId = useRef(newClientId());
  const coop = cooperatives.find((c) => c.id === coopId) ?? null;
  // In a chain whose HQ allows this shop no products of its own the station refuses one
  // (HQ_LOCAL_PRODUCTS_NOT_ALLOWED): the quick creation is greyed out and says why, as the catalogue form does.
  const { data: hqCatalog } = useLoad(() => call('hq.catalog', {}), []);
  const localProductsRefused = hqCatalog?.allowance.localProducts === false;

  useEffect(() => {
    const q = query.trim();
    if (!coop || q === '' || /^\d{8,}$/.test(q)) {
      setHits([]);
      return;
    }
    let live = true;
    const timer = window.setTimeout(() => {
      call('products.search', { query: q, limit: 50 })
        .then((found) => {
          if (!live) return;
          setHits(found.filter((h) => h.cooperativeId === coop.id));
          setActive(0);
        })
        .catch((err: unknown) => live && setError(errorText(err)));
    }, 150);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [query, coop]);

  const addProduct = (p: LineProduct) => {
    const key = nextKey++;
    setLines((ls) => [...ls, { key, product: p, qty: '', lot: '', bestBefore: '' }]);
    setQuery('');
    setHits([]);
    setError(null);
    setFocusKey(key);
  };

  // The quantity of the new line is what the manager types next. Focused once that row is rendered: a
  // timer fired before React had drawn it (after the new-product dialog's save) and focused the row above,
  // so "30" typed for the new product turned the previous line's 24 into 2430.
  useEffect(() => {
    if (focusKey === null) return;
    const input = document.querySelector<HTMLInputElement>(`[data-qty-key="${focusKey}"]`);
    if (!input) return;
    input.focus();
    setFocusKey(null);
  }, [focusKey, lines]);

  const onSearchEnter = async () => {
    const q = query.trim();
    if (!coop || q === '') return;
    if (/^\d{8,}$/.test(q)) {
      try {
        const { product } = await call('products.scan', { code: q });
        if (product.cooperativeId !== coop.id) {
          setError(t('mgr.receive.otherCoop', { name: product.nameFr, coop: product.cooperativeName }));
          return;
        }
        addProduct(product);
      } catch (err) {
        setError(errorText(err));
      }
      return;
    }
    const picked = hits[active] ?? hits[0];
    if (picked) addProduct(picked);
  };

  const update = (key: number, patch: Partial<Line>) =>
    setLines((ls) => ls.map((l) => (l.key === key ? { ...l, ...patch } : l)));

  const parsed = lines.map((l) => parseQuantity(l.qty, l.product.unit));
  const ready = coop !== null && noteRef.trim() !== '' && lines.length > 0 && parsed.every((q) => q !== null);
  // What holds the button up, each said at its own field; the button is described by all of them.
  const noteRefMissing = coop !== null && noteRef.trim() === '';
  const linesMissing = coop !== null && lines.length === 0;
  const qtyHint = (l: Line, i: number): string | null =>
    l.qty.trim() === ''
      ? t('mgr.receive.qtyHint')
      : parsed[i] === null
        ? t('mgr.receive.qtyInvalid', { unit: t(`unit.${l.product.unit}`) })
        : null;
  const blockers = [
    ...(coop === null ? [`${hintId}-coop`] : []),
    ...(noteRefMissing ? [`${hintId}-note`] : []),
    ...(linesMissing ? [`${hintId}-lines`] : []),
    ...lines.flatMap((l, i) => (qtyHint(l, i) === null ? [] : [`${hintId}-qty-${l.key}`])),
  ];

  const submit = async () => {
    if (!ready || busy || !coop) return;
    setBusy(true);
    setError(null);
    try {
      const payload = lines.map((l, i) => ({
        productId: l.product.id,
        quantity: parsed[i] ?? 0,
        ...(l.lot.trim() ? { lot: l.lot.trim() } : {}),
        bestBefore: l.bestBefore || null,
      }));
      const res = await call('stock.receive', {
        clientId: clientId.current,
        cooperativeId: coop.id,
        noteRef: noteRef.trim(),
        ...(comment.trim() ? { comment: comment.trim() } : {}),
        lines: payload,
      });
      setReceived(res.deliveryId);
      setCertWarnings(
        res.warnings.map((w) =>
          t('mgr.receive.certificate', {
            product: localName(
              lines.find((l) => l.product.id === w.productId)?.product ?? { nameFr: '', nameAr: '' },
              lang,
            ),
            kind: (CERTIFICATE_KINDS as readonly string[]).includes(w.kind)
              ? t(`certificate.kind.${w.kind as CertificateKind}`)
              : w.kind,
            status: t(`certificate.status.${w.status}`),
          }),
        ),
      );
      useUi.getState().toast('success', t('mgr.receive.done', { id: res.deliveryId }));
      clientId.current = newClientId();
      setLines([]);
      setNoteRef('');
      setComment('');
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="screen mgr-screen">
      <h1>{t('nav.receive')}</h1>
      <div className="row">
        <CoopSelect
          value={coopId}
          cooperatives={cooperatives}
          onChange={(id) => {
            setCoopId(id);
            setLines([]);
          }}
        />
        <TextField
          label={t('mgr.receive.noteRef')}
          value={noteRef}
          onChange={setNoteRef}
          hint={{ id: `${hintId}-note`, text: noteRefMissing ? t('mgr.receive.noteRefHint') : null }}
        />
        <TextField label={t('mgr.receive.comment')} value={comment} onChange={setComment} />
      </div>
      {coop === null && <FieldHint id={`${hintId}-coop`} text={t('mgr.receive.coopHint')} />}
      {coop && (
        <ProductSearchBox
          label={t('mgr.receive.search')}
          query={query}
          onQuery={setQuery}
          hits={hits}
          active={active}
          onActive={setActive}
          onEnter={() => void onSearchEnter()}
          onPick={addProduct}
        >
          <button
            type="button"
            className="btn"
            disabled={localProductsRefused}
            aria-describedby={localProductsRefused ? `${hintId}-hq` : undefined}
            onClick={() => setCreating(true)}
          >
            {t('mgr.receive.newProduct')}
          </button>
          {localProductsRefused && (
            <p className="notice" data-testid="hq-owned" id={`${hintId}-hq`}>
              {t('mgr.receive.hqProductsOnly')}
            </p>
          )}
          {linesMissing && <FieldHint id={`${hintId}-lines`} text={t('mgr.receive.linesHint')} />}
        </ProductSearchBox>
      )}
      {lines.length > 0 && (
        <table className="mgr-table receive-lines">
          <thead>
            <tr>
              <th>{t('sell.col.product')}</th>
              <th>{t('sell.col.qty')}</th>
              <th>{t('mgr.receive.lot')}</th>
              <th>{t('mgr.receive.bestBefore')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {lines.map((l, i) => (
              <tr key={l.key} data-testid="receive-line">
                <td>
                  {localName(l.product, lang)} <span className="muted">{l.product.sku}</span>
                </td>
                <td>
                  <input
                    aria-label={t('mgr.receive.qtyFor', {
                      name: l.product.nameFr,
                      unit: t(`unit.${l.product.unit}`),
                    })}
                    inputMode="decimal"
                    dir="ltr"
                    value={l.qty}
                    data-qty-key={l.key}
                    aria-invalid={l.qty.trim() !== '' && parsed[i] === null}
                    aria-describedby={qtyHint(l, i) === null ? undefined : `${hintId}-qty-${l.key}`}
                    onChange={(e) => update(l.key, { qty: e.target.value })}
                  />{' '}
                  {t(`unit.${l.product.unit}`)}
                  {qtyHint(l, i) !== null && (
                    <FieldHint id={`${hintId}-qty-${l.key}`} text={qtyHint(l, i) ?? ''} />
                  )}
                </td>
                <td>
                  <input
                    aria-label={t('mgr.receive.lot')}
                    value={l.lot}
                    onChange={(e) => update(l.key, { lot: e.target.value })}
                  />
                </td>
                <td>
                  <DateInput
                    labelHidden
                    label={t('mgr.receive.bestBefore')}
                    value={l.bestBefore}
                    onChange={(iso) => update(l.key, { bestBefore: iso })}
                  />
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
            ))}
          </tbody>
        </table>
      )}
      <ErrorLine error={error} />
      <div className="actions">
        <button
          type="button"
          className="btn btn-primary btn-large"
          disabled={!ready || busy}
          aria-describedby={blockers.length > 0 ? blockers.join(' ') : undefined}
          onClick={() => void submit()}
        >
          {t('mgr.receive.submit')}
        </button>
      </div>
      {creating && coop && !localProductsRefused && (
        <NewProductDialog
          coop={coop}
          onClose={() => setCreating(false)}
          onCreated={(p) => {
            setCreating(false);
            addProduct(p);
          }}
        />
      )}
      {certWarnings.length > 0 && (
        <div className="warning" role="alert" data-testid="receive-certificates">
          <p>{t('mgr.receive.certificates', { count: certWarnings.length })}</p>
          <ul>
            {certWarnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      {received !== null && <DeliveryLabelsDialog deliveryId={received} onClose={() => setReceived(null)} />}
    </section>
  );
}

function NewProductDialog(props: { coop: Cooperative; onClose(): void; onCreated(p: LineProduct): void }) {
  const t = useT();
  const [sku, setSku] = useState('');
  const [nameFr, setNameFr] = useState('');
  const [nameAr, setNameAr] = useState('');
  const [unit, setUnit] = useState<Unit>('piece');
  const [vatCode, setVatCode] = useState<VatCode>('S20');
  const [price, setPrice] = useState('');
  const [error, setError] = useState<string | null>(null);
  const retail = parseDirhams(price);
  const ok = sku.trim() !== '' && nameFr.trim() !== '' && retail !== null && retail >= 0;

  const submit = async () => {
    if (!ok || retail === null) return;
    try {
      const p = await call('products.create', {
        sku: sku.trim(),
        nameFr: nameFr.trim(),
        nameAr: nameAr.trim(),
        cooperativeId: props.coop.id,
        unit,
        vatCode,
        retailPrice: retail,
        semiPrice: retail,
        wholesalePrice: retail,
        semiMinQty: null,
        wholesaleMinQty: null,
        qualityLabels: [],
        scaleRef: null,
        terms: null,
        barcodes: [],
        internalBarcode: true,
      });
      props.onCreated(p);
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <Modal title={t('mgr.receive.newProduct')} onClose={props.onClose}>
      <TextField label={t('mgr.product.sku')} value={sku} onChange={setSku} />
      <TextField label={t('mgr.product.nameFr')} value={nameFr} onChange={setNameFr} />
      <TextField label={t('mgr.product.nameAr')} value={nameAr} onChange={setNameAr} dir="rtl" />
      <div className="row">
        <SelectField
          label={t('mgr.product.unit')}
          value={unit}
          onChange={setUnit}
          options={UNITS.map((u) => ({ value: u, label: t(`unit.${u}`) }))}
        />
        <SelectField
          label={t('mgr.product.vat')}
          value={vatCode}
          onChange={setVatCode}
          options={VAT_CODES.map((v) => ({ value: v, label: t(`mgr.vat.${v}`) }))}
        />
      </div>
      <MoneyInput label={t('tier.retail')} value={price} onChange={setPrice} onEnter={() => void submit()} />
      <p className="muted">{t('mgr.receive.newProductHint')}</p>
      <ErrorLine error={error} />
      <div className="actions">
        <button type="button" className="btn" onClick={props.onClose}>
          {t('common.cancel')}
        </button>
        <button type="button" className="btn btn-primary" disabled={!ok} onClick={() => void submit()}>
          {t('mgr.save')}
        </button>
      </div>
    </Modal>
  );
}
