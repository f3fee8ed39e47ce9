import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiOutput } from '../../api/contract';
import { isValidQuantity, parseQuantity } from '../../core/quantity';
import {
  DEFAULT_QUANTITY_LIMITS,
  isAboveQuantityLimit,
  type QuantityLimits,
} from '../../core/quantity-limits';
import { call, isApiError } from '../api/client';
import { errorText, formatMoney, formatQuantity, t as translateNow, useLang, useT } from '../i18n';
import { useSerialScans } from '../scan/use-serial-scans';
import { useWedge } from '../scan/use-wedge';
import { useApproval } from '../stores/approval';
import { priceCart, useCart, type Approval, type ProductSnapshot, type Sale } from '../stores/cart';
import { useCartStock } from '../stores/cart-stock';
import { useUi } from '../stores/ui';
import { PayDialog } from './Pay';
import { coopNameOf, localName } from '../i18n/names';
import { ReceiptDialog } from './Receipt';
import { AdjustDialog, CustomerDialog, LargeQuantityDialog, RecallDialog, WeightDialog } from './SellDialogs';

type Hit = ApiOutput<'products.search'>[number];
type Dialog =
  | { kind: 'weight'; product: ProductSnapshot; barcode: string | null; lineKey?: string }
  | {
      kind: 'largeQty';
      product: ProductSnapshot;
      quantity: number;
      barcode: string | null;
      labelAmount: number | null;
      approval: Approval | null;
    }
  | { kind: 'pay' }
  | { kind: 'receipt'; sale: Sale }
  | { kind: 'customer' }
  | { kind: 'recall' }
  | { kind: 'discount' | 'override'; key: string; name: string };

const SEARCH_DEBOUNCE_MS = 80;
/** Digits-only input of barcode length ended by Enter is a code typed by hand: scan it, don't search. */
const TYPED_CODE = /^\d{8,14}$/;

export function SellScreen() {
  const t = useT();
  const lang = useLang();
  const toast = useUi((s) => s.toast);
  const cart = useCart((s) => s.current);
  const held = useCart((s) => s.held);
  const selectedKey = useCart((s) => s.selectedKey);
  const priced = useMemo(() => priceCart(cart), [cart]);
  const stock = useCartStock(cart);

  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<Hit[]>([]);
  const [active, setActive] = useState(0);
  const [pendingQty, setPendingQtyShown] = useState<number | null>(null);
  // The "3*" multiplier is read after an awaited scan, when a callback's copy of the state is stale, and
  // two scans can start from one render: the ref is the one current value, the state only shows it.
  const pendingQtyRef = useRef<number | null>(null);
  const setPendingQty = useCallback((q: number | null) => {
    pendingQtyRef.current = q;
    setPendingQtyShown(q);
  }, []);
  /** The multiplier is used once: whoever takes it clears it. */
  const takePendingQty = useCallback((): number | null => {
    const q = pendingQtyRef.current;
    setPendingQty(null);
    return q;
  }, [setPendingQty]);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [limits, setLimits] = useState<QuantityLimits>(DEFAULT_QUANTITY_LIMITS);
  const inputRef = useRef<HTMLInputElement>(null);
  // Wedge events can arrive twice before React re-renders; the ref always holds the latest text.
  const queryRef = useRef(query);
  queryRef.current = query;
  const updateQuery = useCallback((q: string) => {
    queryRef.current = q;
    setQuery(q);
  }, []);

  // Search as you type; a late answer for an older query is dropped.
  useEffect(() => {
    const q = query.trim();
    if (q.length < 2 || TYPED_CODE.test(q)) {
      setHits([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      call('products.search', { query: q, limit: 20 })
        .then((r) => {
          if (!live) return;
          setHits(r);
          setActive(0);
        })
        .catch((err: unknown) => live && toast('error', errorText(err)));
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query, toast]);

  // The manager's PIN pad takes the keys while it asks (a price label, a discount): not the scan box.
  const approving = useApproval((s) => s.pending !== null);
  useEffect(() => {
    if (!dialog && !approving) inputRef.current?.focus();
  }, [dialog, approving]);

  // The shop's own limits when it set some; the defaults keep guarding until they arrive.
  useEffect(() => {
    let live = true;
    call('settings.get', {})
      .then((s) => {
        const own = (s as { quantityLimits?: QuantityLimits }).quantityLimits;
        if (live && own) setLimits(own);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  /** Adds a line, or first asks the cashier when the quantity is beyond what a shop sells at once. */
  const addChecked = useCallback(
    (
      product: ProductSnapshot,
      quantity: number,
      barcode: string | null,
      labelAmount: number | null,
      approval: Approval | null = null,
    ) => {
      if (isAboveQuantityLimit(product.unit, quantity, limits)) {
        setDialog({ kind: 'largeQty', product, quantity, barcode, labelAmount, approval });
        return;
      }
      useCart.getState().addProduct(product, quantity, { barcode, labelAmount, approval });
    },
    [limits],
  );

  const addWithQuantity = useCallback(
    (
      product: ProductSnapshot,
      quantity: number | null,
      barcode: string | null,
      labelAmount: number | null = null,
      approval: Approval | null = null,
    ) => {
      const pending = takePendingQty();
      const q = pending ?? quantity;
      if (q === null) {
        setDialog({ kind: 'weight', product, barcode });
        return;
      }
      if (!isValidQuantity(product.unit, q)) {
        toast('error', translateNow('error.INVALID_QUANTITY'));
        return;
      }
      addChecked(product, q, barcode, pending === null ? labelAmount : null, approval);
    },
    [takePendingQty, toast, addChecked],
  );

  const onScan = useCallback(
    async (code: string) => {
      try {
        const r = await call('products.scan', { code });
        // A weight or price label carries its own quantity; a pending "3*" applies to counted goods only.
        const own = r.kind === 'weight' || r.kind === 'price';
        if (own) takePendingQty();
        let approval: Approval | null = null;
        if (r.needsApproval) {
          // Asked now, while the goods and the label are still in hand, rather than refused at payment.
          const res = await useApproval.getState().request(
            translateNow('approval.reason.label', {
              amount: formatMoney(r.labelAmount ?? 0),
              name: localName(r.product, lang),
            }),
          );
          if (!res.ok) return;
          approval = res.approval;
        }
        if (own && r.quantity !== null) addChecked(r.product, r.quantity, r.code, r.labelAmount, approval);
        else addWithQuantity(r.product, r.quantity, r.code, r.labelAmount, approval);
      } catch (err) {
        toast('error', errorText(err));
      }
    },
    [addWithQuantity, addChecked, takePendingQty, toast, lang],
  );

  const pickHit = useCallback(
    async (hit: Hit | undefined) => {
      if (!hit) return;
      updateQuery('');
      setHits([]);
      try {
        const product = await call('products.get', { id: hit.id });
        addWithQuantity(product, product.unit === 'piece' ? 1000 : null, null);
      } catch (err) {
        toast('error', errorText(err));
      }
    },
    [addWithQuantity, toast, updateQuery],
  );

  const onText = useCallback(
    (text: string) => {
      let q = queryRef.current;
      for (const ch of text) {
        const key = useCart.getState().selectedKey;
        if (ch === '*' && parseQuantity(q) !== null) {
          setPendingQty(parseQuantity(q));
          q = '';
        } else if ((ch === '+' || ch === '-') && q === '' && key) {
          useCart.getState().bumpQuantity(key, ch === '+' ? 1 : -1);
        } else {
          q += ch;
        }
      }
      updateQuery(q);
    },
    [updateQuery, setPendingQty],
  );

  const requestApproval = useApproval((s) => s.request);
  const removeSelected = useCallback(async () => {
    const line = useCart.getState().current.lines.find((l) => l.key === useCart.getState().selectedKey);
    if (!line) return;
    const res = await requestApproval(
      translateNow('approval.reason.remove', { name: localName(line.product, lang) }),
    );
    if (res.ok) useCart.getState().removeLine(line.key, res.approval);
  }, [requestApproval, lang]);

  // A cut read is never typed (its digits would become a search or a "*" quantity): the cashier rescans.
  const fragmentToast = useRef<{ text: string; id: number } | null>(null);
  const onFragment = useCallback(
    (text: string) => {
      fragmentToast.current = { text, id: toast('error', translateNow('sell.scanFragment', { code: text })) };
    },
    [toast],
  );
  // What the wedge typed or reported a moment ago turned out to start a scan the page got late: undone.
  const onRetract = useCallback(
    (text: string, of: 'keys' | 'fragment') => {
      if (of === 'fragment') {
        const shown = fragmentToast.current;
        if (shown?.text === text) useUi.getState().dismiss(shown.id);
        fragmentToast.current = null;
        return;
      }
      const q = queryRef.current;
      if (q.endsWith(text)) updateQuery(q.slice(0, q.length - text.length));
    },
    [updateQuery],
  );

  const onKey = useCallback(
    (key: string) => {
      const lines = useCart.getState().current.lines;
      const idx = lines.findIndex((l) => l.key === useCart.getState().selectedKey);
      switch (key) {
        case 'Enter': {
          const q = queryRef.current.trim();
          if (TYPED_CODE.test(q)) {
            updateQuery('');
            void onScan(q);
          } else if (hits.length > 0) void pickHit(hits[active]);
          else if (q === '' && lines.length > 0) setDialog({ kind: 'pay' });
          break;
        }
        case 'Backspace':
          updateQuery(queryRef.current.slice(0, -1));
          break;
        case 'Escape':
          updateQuery('');
          setHits([]);
          setPendingQty(null);
          break;
        case 'ArrowDown':
          if (hits.length > 0) setActive((a) => Math.min(hits.length - 1, a + 1));
          else if (lines.length > 0)
            useCart.getState().select(lines[Math.min(lines.length - 1, idx + 1)]?.key ?? null);
          break;
        case 'ArrowUp':
          if (hits.length > 0) setActive((a) => Math.max(0, a - 1));
          else if (lines.length > 0) useCart.getState().select(lines[Math.max(0, idx - 1)]?.key ?? null);
          break;
        case 'Delete':
          void removeSelected();
          break;
        case 'F4':
          setDialog({ kind: 'customer' });
          break;
        case 'F8':
          if (useCart.getState().hold()) toast('info', translateNow('toast.held'));
          break;
        case 'F9':
          if (useCart.getState().held.length > 0) setDialog({ kind: 'recall' });
          break;
        case 'F12':
          if (lines.length > 0 && priceCart(useCart.getState().current).valid) setDialog({ kind: 'pay' });
          break;
      }
    },
    [hits, active, onScan, pickHit, removeSelected, toast, updateQuery, setPendingQty],
  );

  useWedge(
    {
      onScan: (code) => void onScan(code),
      onText,
      onKey,
      onRetract,
      onFragment,
    },
    { enabled: dialog === null && !approving, input: inputRef },
  );
  useSerialScans((code) => void onScan(code), dialog === null && !approving);

  const adjust = async (kind: 'discount' | 'override', key: string, name: string) => {
    const res = await requestApproval(translateNow(`approval.reason.${kind}`, { name }));
    if (res.ok) {
      if (res.approval) useCart.setState((s) => ({ current: { ...s.current, approval: res.approval } }));
      setDialog({ kind, key, name });
    }
  };

  const closeDialog = () => setDialog(null);
  const onPaid = (sale: Sale) => {
    toast('success', translateNow('toast.saleDone', { receipt: sale.receiptNo }));
    setDialog({ kind: 'receipt', sale });
    const cash = sale.payments.some((p) => p.method === 'cash');
    // A till without a printer is a normal setup (tablet, back office): only real printer trouble is shown.
    call('devices.printReceipt', { saleId: sale.id, openDrawer: cash }).catch((err: unknown) => {
      if (!isApiError(err, 'NO_PRINTER')) toast('error', errorText(err));
    });
  };

  return (
    <section className="screen sell">
      <div className="sell-main">
        <div className="search-box">
          {pendingQty !== null && (
            <span className="pending-qty">{t('sell.pendingQty', { qty: pendingQty / 1000 })}</span>
          )}
          <input
            ref={inputRef}
            className="search-input"
            aria-label={t('sell.search')}
            placeholder={t('sell.search')}
            value={query}
            autoFocus
            autoComplete="off"
            onChange={(e) => updateQuery(e.target.value)}
          />
          {hits.length > 0 && (
            <ul className="search-results" role="listbox" aria-label={t('sell.search')}>
              {hits.map((h, i) => (
                <li
                  key={h.id}
                  role="option"
                  aria-selected={i === active}
                  className={i === active ? 'hit hit-active' : 'hit'}
                  onMouseDown={(e) => {
                    e.preventDefault();
                    void pickHit(h);
                  }}
                >
                  <span className="hit-name">{localName(h, lang)}</span>
                  <span className="hit-coop">{coopNameOf(h, lang)}</span>
                  <span className="hit-price">
                    {formatMoney(h.retailPrice)} / {t(`unit.${h.unit}`)}
                  </span>
                </li>
              ))}
            </ul>
          )}
          {query.trim().length >= 2 && hits.length === 0 && !TYPED_CODE.test(query.trim()) && (
            <p className="muted">{t('sell.noResults')}</p>
          )}
        </div>

        <div className="cart-scroll">
          <table className="cart-table" aria-label={t('nav.sell')}>
            <thead>
              <tr>
                <th>{t('sell.col.product')}</th>
                <th>{t('sell.col.qty')}</th>
                <th>{t('sell.col.unitPrice')}</th>
                <th>{t('sell.col.amount')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {priced.lines.length === 0 && (
                <tr>
                  <td colSpan={5} className="muted empty-cart">
                    {t('sell.empty')}
                  </td>
                </tr>
              )}
              {priced.lines.map((l) => {
                const name = localName(l.product, lang);
                return (
                  <tr
                    key={l.key}
                    className={l.key === selectedKey ? 'line line-selected' : 'line'}
                    data-testid="cart-line"
                    onClick={() => useCart.getState().select(l.key)}
                  >
                    <td className="line-product">
                      <div className="line-name">{name}</div>
                      <div className="line-meta">
                        {l.priced && (
                          <span className={`tier tier-${l.priced.tier}`} data-testid="tier">
                            {t(`tier.${l.priced.tier}`)}
                          </span>
                        )}
                        <span className="muted">{coopNameOf(l.product, lang)}</span>
                        {l.problem && <span className="error">{l.problem}</span>}
                        {stock.get(l.key)?.short && (
                          <span className="error stock-short" role="status" data-testid="stock-short">
                            {t('sell.stockShort', {
                              onHand: formatQuantity(l.product.unit, stock.get(l.key)?.onHand ?? 0),
                              coop: coopNameOf(l.product, lang),
                            })}
                          </span>
                        )}
                      </div>
                    </td>
                    <td className="num line-qty-cell">
                      {l.product.unit === 'piece' && (
                        <button
                          type="button"
                          className="btn btn-small"
                          aria-label="-1"
                          onClick={() => useCart.getState().bumpQuantity(l.key, -1)}
                        >
                          −
                        </button>
                      )}
                      <span data-testid="line-qty">{formatQuantity(l.product.unit, l.quantity)}</span>
                      {l.product.unit === 'piece' && (
                        <button
                          type="button"
                          className="btn btn-small"
                          aria-label="+1"
                          onClick={() => useCart.getState().bumpQuantity(l.key, 1)}
                        >
                          +
                        </button>
                      )}
                    </td>
                    <td className="num line-price" data-label={t('sell.col.unitPrice')}>
                      {l.priced ? formatMoney(l.priced.unitPrice) : '—'}
                    </td>
                    <td className="num line-amount-cell">
                      <strong data-testid="line-amount">
                        {l.priced ? formatMoney(l.priced.amount) : '—'}
                      </strong>
                      {l.priced && l.priced.discount > 0 && (
                        <div className="muted">−{formatMoney(l.priced.discount)}</div>
                      )}
                    </td>
                    <td className="line-actions">
                      {l.product.unit !== 'piece' && l.labelAmount === null && (
                        <button
                          type="button"
                          className="btn btn-small"
                          onClick={() =>
                            setDialog({
                              kind: 'weight',
                              product: l.product,
                              barcode: l.barcode,
                              lineKey: l.key,
                            })
                          }
                        >
                          {t('sell.line.reweigh')}
                        </button>
                      )}
                      <button
                        type="button"
                        className="btn btn-small"
                        onClick={() => void adjust('discount', l.key, name)}
                      >
                        {t('sell.line.discount')}
                      </button>
                      <button
                        type="button"
                        className="btn btn-small"
                        onClick={() => void adjust('override', l.key, name)}
                      >
                        {t('sell.line.override')}
                      </button>
                      <button
                        type="button"
                        className="btn btn-small btn-danger"
                        onClick={() => {
                          useCart.getState().select(l.key);
                          void removeSelected();
                        }}
                      >
                        {t('sell.line.remove')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </div>

      <aside className="sell-side">
        <button type="button" className="btn customer-btn" onClick={() => setDialog({ kind: 'customer' })}>
          <span>{t('sell.customer')} (F4)</span>
          <strong>{cart.customer ? cart.customer.name : t('sell.customer.none')}</strong>
          {cart.customer && (
            <span className={`tier tier-${cart.customer.tier}`}>{t(`tier.${cart.customer.tier}`)}</span>
          )}
        </button>
        <div className="totals">
          <div className="total-row">
            <span>{t('sell.items', { count: priced.itemCount })}</span>
          </div>
          {priced.discountTotal > 0 && (
            <div className="total-row">
              <span>{t('sell.discountTotal')}</span>
              <span>−{formatMoney(priced.discountTotal)}</span>
            </div>
          )}
          {priced.vat.map((v) => (
            <div className="total-row muted" key={v.code}>
              <span>
                {t('sell.vat')} {v.rateBp / 100} %
              </span>
              <span>{formatMoney(v.vat)}</span>
            </div>
          ))}
          <div className="grand-total">
            <span>{t('common.total')}</span>
            <strong data-testid="cart-total">{formatMoney(priced.total)}</strong>
          </div>
        </div>
        <button
          type="button"
          className="btn btn-primary btn-huge"
          disabled={priced.lines.length === 0 || !priced.valid}
          onClick={() => setDialog({ kind: 'pay' })}
        >
          {t('sell.pay')} (F12)
        </button>
        <div className="side-actions">
          <button
            type="button"
            className="btn"
            disabled={cart.lines.length === 0}
            onClick={() => useCart.getState().hold() && toast('info', translateNow('toast.held'))}
          >
            {t('sell.hold')} (F8)
          </button>
          <button
            type="button"
            className="btn"
            disabled={held.length === 0}
            onClick={() => setDialog({ kind: 'recall' })}
          >
            {t('sell.recall', { count: held.length })} (F9)
          </button>
        </div>
      </aside>

      {dialog?.kind === 'weight' && (
        <WeightDialog
          product={dialog.product}
          onCancel={closeDialog}
          onDone={(q) => {
            closeDialog();
            // Re-weighing replaces the line's weight; a first weighing adds the line.
            if (dialog.lineKey) useCart.getState().setQuantity(dialog.lineKey, q);
            else addChecked(dialog.product, q, dialog.barcode, null);
          }}
        />
      )}
      {dialog?.kind === 'largeQty' && (
        <LargeQuantityDialog
          product={dialog.product}
          quantity={dialog.quantity}
          limit={limits[dialog.product.unit]}
          onCancel={closeDialog}
          onConfirm={() => {
            useCart.getState().addProduct(dialog.product, dialog.quantity, {
              barcode: dialog.barcode,
              labelAmount: dialog.labelAmount,
              approval: dialog.approval,
            });
            closeDialog();
          }}
        />
      )}
      {dialog?.kind === 'pay' && <PayDialog total={priced.total} onCancel={closeDialog} onDone={onPaid} />}
      {dialog?.kind === 'receipt' && <ReceiptDialog sale={dialog.sale} onNewSale={closeDialog} />}
      {dialog?.kind === 'customer' && <CustomerDialog onClose={closeDialog} />}
      {dialog?.kind === 'recall' && <RecallDialog onClose={closeDialog} />}
      {(dialog?.kind === 'discount' || dialog?.kind === 'override') && (
        <AdjustDialog
          kind={dialog.kind}
          title={translateNow(`approval.reason.${dialog.kind}`, { name: dialog.name })}
          onCancel={closeDialog}
          onDone={(v) => {
            const s = useCart.getState();
            if ('price' in v) s.setOverride(dialog.key, v.price, null);
            else s.setDiscount(dialog.key, v.discount, null);
            closeDialog();
          }}
        />
      )}
    </section>
  );
}
