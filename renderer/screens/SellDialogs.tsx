import { useEffect, useRef, useState } from 'react';
import type { ApiOutput } from '../../api/contract';
import { lineAmount, parseDirhams } from '../../core/money';
import { WedgeDetector, type WedgeEvent } from '../../core/scan/wedge-detector';
import type { LineDiscount } from '../../core/pricing';
import { call, isApiError } from '../api/client';
import { MoneyInput } from '../components/MoneyInput';
import { Modal } from '../components/Modal';
import { errorText, formatDate, formatMoney, formatQuantity, useLang, useT } from '../i18n';
import { pressedAt } from '../scan/use-wedge';
import { priceCart, useCart, type CustomerRef, type ProductSnapshot } from '../stores/cart';
import { localName } from '../i18n/names';

/** A stable weight from the scale in milli-units (grams are milli-kilograms); an empty plate is no weight. */
async function readScale(): Promise<number | null> {
  const { grams } = await call('devices.readScale', {});
  return grams > 0 ? grams : null;
}

export function WeightDialog(props: {
  product: ProductSnapshot;
  onDone(quantity: number): void;
  onCancel(): void;
}) {
  const t = useT();
  const lang = useLang();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  // A scanner fired while this field has focus types its code here: a code is never a weight.
  const wedge = useRef(new WedgeDetector());
  const scanned = (events: WedgeEvent[]): boolean => {
    if (!events.some((e) => e.kind === 'scan' || e.kind === 'fragment')) return false;
    setText('');
    setError(t('weight.scanned'));
    return true;
  };
  const submit = () => {
    if (scanned(wedge.current.flush(Number.POSITIVE_INFINITY))) return;
    const n = Number(text.trim());
    if (!/^\d{1,7}$/.test(text.trim()) || n <= 0) return setError(t('weight.invalid'));
    props.onDone(n);
  };
  const fromScale = async () => {
    try {
      const q = await readScale();
      if (q === null) setError(t('weight.invalid'));
      else props.onDone(q);
    } catch (err) {
      setError(errorText(err));
    }
  };
  // The scale is read as soon as the product is chosen: the cashier sees the stable weight, its unit and
  // the price per unit, and confirms with Enter. Typing a weight first wins; a till without a scale
  // just weighs by hand.
  const typed = useRef(false);
  const [reading, setReading] = useState<number | 'reading' | null>('reading');
  useEffect(() => {
    let live = true;
    readScale()
      .then((q) => {
        if (!live) return;
        setReading(q);
        if (q !== null && !typed.current) setText(String(q));
      })
      .catch((err: unknown) => {
        if (!live) return;
        setReading(null);
        if (!isApiError(err, 'NO_SCALE') && !typed.current) setError(errorText(err));
      });
    return () => {
      live = false;
    };
  }, []);
  const grams = /^\d{1,7}$/.test(text.trim()) ? Number(text.trim()) : 0;
  const unit = props.product.unit;
  return (
    <Modal title={t('weight.title', { name: localName(props.product, lang) })} onClose={props.onCancel}>
      <label className="field">
        <span>{props.product.unit === 'l' ? t('weight.ml') : t('weight.grams')}</span>
        <input
          inputMode="numeric"
          dir="ltr"
          autoFocus
          value={text}
          onChange={(e) => {
            typed.current = true;
            setText(e.target.value);
          }}
          onKeyDown={(e) => {
            const now = performance.now();
            const events = wedge.current.push({
              key: e.key,
              timeStamp: pressedAt(e.nativeEvent, now),
              receivedAt: now,
            });
            if (scanned(events)) e.preventDefault();
            else if (e.key === 'Enter') {
              e.preventDefault();
              submit();
            }
          }}
        />
      </label>
      {reading === 'reading' && <p className="muted">{t('weight.reading')}</p>}
      {typeof reading === 'number' && grams === reading && <p className="notice">{t('weight.stable')}</p>}
      {grams > 0 && (
        <p className="big-total" data-testid="weight-priced">
          {t('weight.priced', {
            qty: formatQuantity(unit, grams),
            price: formatMoney(props.product.retailPrice),
            unit: t(`unit.${unit}`),
            amount: formatMoney(lineAmount(props.product.retailPrice, grams)),
          })}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" className="btn" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
        <button type="button" className="btn btn-large" onClick={() => void fromScale()}>
          {t('weight.readScale')}
        </button>
        <button type="button" className="btn btn-primary btn-large" onClick={submit}>
          {t('common.confirm')}
        </button>
      </div>
    </Modal>
  );
}

export function CustomerDialog(props: { onClose(): void }) {
  const t = useT();
  const setCustomer = useCart((s) => s.setCustomer);
  const [query, setQuery] = useState('');
  const [list, setList] = useState<ApiOutput<'customers.list'>>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      call('customers.list', { query })
        .then((r) => live && setList(r))
        .catch((err: unknown) => live && setError(errorText(err)));
    }, 80);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query]);
  const choose = (c: CustomerRef | null) => {
    setCustomer(c);
    props.onClose();
  };
  return (
    <Modal title={t('sell.customer.pick')} onClose={props.onClose}>
      <label className="field">
        <span>{t('sell.customer.search')}</span>
        <input autoFocus value={query} onChange={(e) => setQuery(e.target.value)} />
      </label>
      <ul className="pick-list">
        <li>
          <button type="button" className="pick" onClick={() => choose(null)}>
            {t('sell.customer.none')}
          </button>
        </li>
        {list.map((c) => (
          <li key={c.id}>
            <button
              type="button"
              className="pick"
              onClick={() => choose({ id: c.id, name: c.name, tier: c.tier })}
            >
              <span>{c.name}</span>
              <span className={`tier tier-${c.tier}`}>{t(`tier.${c.tier}`)}</span>
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </Modal>
  );
}

export function RecallDialog(props: { onClose(): void }) {
  const t = useT();
  const held = useCart((s) => s.held);
  const recall = useCart((s) => s.recall);
  return (
    <Modal title={t('sell.recall.title')} onClose={props.onClose}>
      <ul className="pick-list">
        {held.map((h) => (
          <li key={h.clientId}>
            <button
              type="button"
              className="pick"
              onClick={() => {
                recall(h.clientId);
                props.onClose();
              }}
            >
              {h.customer ? `${h.customer.name} — ` : ''}
              {t('sell.recall.entry', {
                lines: h.lines.length,
                total: formatMoney(priceCart(h).total),
                time: formatDate(h.heldAt),
              })}
            </button>
          </li>
        ))}
      </ul>
    </Modal>
  );
}

/** Discount (percent or amount) or price override for one line; the caller asks the manager first. */
export function AdjustDialog(props: {
  kind: 'discount' | 'override';
  title: string;
  onDone(value: { discount: LineDiscount } | { price: number }): void;
  onCancel(): void;
}) {
  const t = useT();
  const [mode, setMode] = useState<'percent' | 'amount'>('percent');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = () => {
    if (props.kind === 'override') {
      const price = parseDirhams(text);
      if (price === null || price < 0) return setError(t('input.invalidAmount'));
      return props.onDone({ price });
    }
    if (mode === 'percent') {
      // "12,5" % -> 1250 basis points, integers only.
      const bp = parseDirhams(text);
      if (bp === null || bp <= 0 || bp > 10000) return setError(t('input.invalidAmount'));
      return props.onDone({ discount: { kind: 'percent', bp } });
    }
    const centimes = parseDirhams(text);
    if (centimes === null || centimes <= 0) return setError(t('input.invalidAmount'));
    props.onDone({ discount: { kind: 'amount', centimes } });
  };
  return (
    <Modal title={props.title} onClose={props.onCancel}>
      {props.kind === 'discount' && (
        <div className="method-buttons">
          {(['percent', 'amount'] as const).map((m) => (
            <button
              key={m}
              type="button"
              className={m === mode ? 'btn btn-active' : 'btn'}
              aria-pressed={m === mode}
              onClick={() => setMode(m)}
            >
              {t(m === 'percent' ? 'discount.percent' : 'discount.amount')}
            </button>
          ))}
        </div>
      )}
      <MoneyInput
        label={
          props.kind === 'override'
            ? t('override.price')
            : t(mode === 'percent' ? 'discount.percent' : 'discount.amount')
        }
        value={text}
        onChange={setText}
        onEnter={submit}
        autoFocus
      />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" className="btn" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
        <button type="button" className="btn btn-primary" onClick={submit}>
          {t('common.confirm')}
        </button>
      </div>
    </Modal>
  );
}

/**
 * A quantity beyond the shop's limit for its unit: added only when the cashier confirms it. Cancel has the
 * focus, so a stray Enter (the next scan's terminator) cannot confirm it.
 */
export function LargeQuantityDialog(props: {
  product: ProductSnapshot;
  quantity: number;
  limit: number;
  onConfirm(): void;
  onCancel(): void;
}) {
  const t = useT();
  const lang = useLang();
  const unit = props.product.unit;
  return (
    <Modal title={t('qty.large.title')} onClose={props.onCancel}>
      <p data-testid="large-qty">
        {t('qty.large.body', {
          qty: formatQuantity(unit, props.quantity),
          name: localName(props.product, lang),
          limit: formatQuantity(unit, props.limit),
        })}
      </p>
      <div className="actions">
        <button type="button" className="btn btn-large" data-autofocus onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
        <button type="button" className="btn btn-primary" onClick={props.onConfirm}>
          {t('qty.large.confirm', { qty: formatQuantity(unit, props.quantity) })}
        </button>
      </div>
    </Modal>
  );
}
