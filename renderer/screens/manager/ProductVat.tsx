import { useState } from 'react';
import type { ApiOutput } from '../../../api/contract';
import { VAT_CODES, type VatCode } from '../../../core/vat';
import type { VatExemptionId } from '../../../core/vat-exemptions';
import { call } from '../../api/client';
import { DateInput, isoDayToText } from '../../components/DateInput';
import { errorText, formatPercent, useLang, useT } from '../../i18n';
import { useUi } from '../../stores/ui';
import { addDays } from './casablanca-time';
import { ErrorLine, FieldHint, SelectField, useLoad } from './shared';

export type ProductVat = ApiOutput<'vat.product'>;
type Exemption = ApiOutput<'vat.exemptions'>[number];

/** The CGI wordings, loaded once per screen that offers them. */
export function useExemptions(): Exemption[] {
  const { data } = useLoad(() => call('vat.exemptions', {}), []);
  return data ?? [];
}

/** A code as the manager reads it: "TVA 20 %", or for EX the wording's article as well. */
export function ExemptionWording({ id, exemptions }: { id: VatExemptionId | null; exemptions: Exemption[] }) {
  const lang = useLang();
  const e = exemptions.find((x) => x.id === id);
  if (!e) return null;
  return (
    <span className="muted" data-testid="vat-wording">
      {' '}
      · {lang === 'ar' ? e.ar : e.fr}
    </span>
  );
}

/**
 * The pickers of a move: the new code, the CGI wording when it is exempt (no exempt move without its
 * wording: the invoice prints it), and the day it starts. Shared by one product's form and the catalogue's
 * "these products" move.
 */
function MoveFields(props: {
  code: VatCode;
  onCode(c: VatCode): void;
  exemption: VatExemptionId | null;
  onExemption(e: VatExemptionId): void;
  day: string;
  onDay(d: string): void;
  dayInvalid: boolean;
  exemptions: Exemption[];
  /** HQ sets the code (an HQ product): greyed out, the wording and the day may still change. */
  codeLocked?: boolean;
}) {
  const t = useT();
  const lang = useLang();
  return (
    <>
      {/* A disabled fieldset greys the picker out as the catalogue form does HQ's fields. */}
      <fieldset className="fieldset-contents" disabled={props.codeLocked === true}>
        <SelectField
          label={t('mgr.vat.newCode')}
          value={props.code}
          onChange={props.onCode}
          options={VAT_CODES.map((v) => ({ value: v, label: t(`mgr.vat.${v}`) }))}
        />
      </fieldset>
      {props.code === 'EX' && props.exemptions.length > 0 && (
        <SelectField
          label={t('mgr.vat.exemption')}
          value={props.exemption ?? props.exemptions[0]!.id}
          onChange={props.onExemption}
          options={props.exemptions.map((e) => ({
            value: e.id,
            label: `${lang === 'ar' ? e.ar : e.fr}`,
          }))}
        />
      )}
      <DateInput
        label={t('mgr.vat.from')}
        value={props.day}
        onChange={props.onDay}
        invalid={props.dayInvalid}
        testId="vat-from"
      />
    </>
  );
}

/**
 * The VAT part of the product form: what the product sells at today (code, rate, wording), its scheduled
 * moves, and "change from a date". The first day offered is the day after the last sale (history is never
 * recomputed: the station refuses an earlier one anyway) or today. On a product from the chain catalogue
 * (`hqOwned`) HQ sets the code (the station refuses another one, HQ_FIELD_READ_ONLY): only an exempt
 * product's wording may still move.
 */
export function ProductVatSection(props: {
  productId: number;
  hqOwned?: boolean;
  onChanged?(v: ProductVat): void;
}) {
  const t = useT();
  const exemptions = useExemptions();
  const {
    data: vat,
    error: loadError,
    setData,
  } = useLoad(() => call('vat.product', { productId: props.productId }), [props.productId]);
  const [code, setCode] = useState<VatCode | null>(null);
  const [exemption, setExemption] = useState<VatExemptionId | null>(null);
  const [day, setDay] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // One request at a time: a double-click scheduled the same move twice.
  const [busy, setBusy] = useState(false);
  if (!vat) return <ErrorLine error={loadError} />;

  const earliest =
    vat.lastSoldDay !== null && vat.lastSoldDay >= vat.today ? addDays(vat.lastSoldDay, 1) : vat.today;
  const chosenCode = code ?? vat.vatCode;
  const chosenDay = day ?? earliest;
  const chosenExemption = chosenCode === 'EX' ? (exemption ?? exemptions[0]?.id ?? null) : null;
  const tooEarly = chosenDay !== '' && chosenDay < earliest;
  const sameAsNow =
    chosenDay === vat.today && chosenCode === vat.vatCode && chosenExemption === vat.vatExemption;
  const codeLocked = props.hqOwned === true;
  // Keeping a taxed code there is nothing left to move (the notice says why); an exempt one may change its wording.
  const nothingToMove = codeLocked && vat.vatCode !== 'EX';
  const hint = nothingToMove
    ? null
    : chosenDay === ''
      ? t('mgr.vat.needDay')
      : tooEarly && vat.lastSoldDay
        ? t('mgr.vat.lastSold', { day: isoDayToText(vat.lastSoldDay) })
        : sameAsNow
          ? t('mgr.vat.sameCode')
          : null;

  // The wordings load with the form: an exempt move waits for its wording (the station would refuse it).
  const blocked = nothingToMove || hint !== null || (chosenCode === 'EX' && chosenExemption === null);
  const describedBy = [...(codeLocked ? ['vat-hq'] : []), ...(hint ? ['vat-hint'] : [])].join(' ');
  const schedule = async () => {
    if (blocked || busy) return;
    setBusy(true);
    try {
      const next = await call('vat.schedule', {
        productId: props.productId,
        vatCode: chosenCode,
        vatExemption: chosenExemption,
        validFrom: chosenDay,
      });
      setData(next);
      setError(null);
      setCode(null);
      setDay(null);
      useUi.getState().toast('success', t('mgr.vat.scheduled', { day: isoDayToText(chosenDay) }));
      props.onChanged?.(next);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const rate = (bp: number | null) => (bp === null ? t('mgr.vat.noRate') : formatPercent(bp));
  const upcoming = vat.schedule.filter((s) => s.validFrom > vat.today);
  return (
    <fieldset className="field vat-section" aria-label={t('mgr.product.vat')}>
      <legend>{t('mgr.product.vat')}</legend>
      <p data-testid="vat-today">
        {t('mgr.vat.today', { code: t(`mgr.vat.${vat.vatCode}`), rate: rate(vat.rateBpToday) })}
        <ExemptionWording id={vat.vatExemption} exemptions={exemptions} />
      </p>
      {upcoming.length > 0 && (
        <>
          <p className="muted">{t('mgr.vat.planned')}</p>
          <ul data-testid="vat-planned">
            {upcoming.map((s) => (
              <li key={s.validFrom}>
                {t('mgr.vat.plannedRow', { day: isoDayToText(s.validFrom), code: t(`mgr.vat.${s.vatCode}`) })}
                <ExemptionWording id={s.vatExemption} exemptions={exemptions} />
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="muted">{t('mgr.vat.changeFrom')}</p>
      {codeLocked && (
        <p className="notice" data-testid="vat-hq-owned" id="vat-hq">
          {t('mgr.vat.hqOwned')}
        </p>
      )}
      <div className="form-grid">
        <fieldset className="fieldset-contents" disabled={nothingToMove}>
          <MoveFields
            code={chosenCode}
            onCode={setCode}
            exemption={chosenExemption}
            onExemption={setExemption}
            day={chosenDay}
            onDay={setDay}
            dayInvalid={tooEarly}
            exemptions={exemptions}
            codeLocked={codeLocked}
          />
        </fieldset>
        <div className="field-group">
          <button
            type="button"
            className="btn"
            disabled={blocked || busy}
            aria-describedby={describedBy || undefined}
            onClick={() => void schedule()}
          >
            {t('mgr.vat.schedule')}
          </button>
          {hint && <FieldHint id="vat-hint" text={hint} />}
        </div>
      </div>
      <ErrorLine error={error} />
    </fieldset>
  );
}

/**
 * The catalogue's "change the VAT of the listed products": every product the search finds (all its pages)
 * moves to the new code from the day, in one call the station takes whole or refuses whole.
 */
export function ProductsVatMove(props: {
  query: string;
  cooperativeId: number | null;
  total: number;
  onMoved(): void;
}) {
  const t = useT();
  const exemptions = useExemptions();
  const [code, setCode] = useState<VatCode>('S20');
  const [exemption, setExemption] = useState<VatExemptionId | null>(null);
  const [day, setDay] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const chosenExemption = code === 'EX' ? (exemption ?? exemptions[0]?.id ?? null) : null;
  const hint = day === '' ? t('mgr.vat.needDay') : null;

  const move = async () => {
    if (hint !== null || busy || (code === 'EX' && chosenExemption === null)) return;
    setBusy(true);
    try {
      const ids: number[] = [];
      // products.list pages by 200 at most; a search holds a few hundred products at the very most.
      for (let offset = 0; offset < props.total; offset += 200) {
        const page = await call('products.list', {
          query: props.query.trim(),
          cooperativeId: props.cooperativeId,
          offset,
          limit: 200,
        });
        ids.push(...page.rows.map((r) => r.id));
        if (page.rows.length === 0) break;
      }
      const moved = await call('vat.moveProducts', {
        productIds: ids,
        vatCode: code,
        vatExemption: chosenExemption,
        validFrom: day,
      });
      setError(null);
      useUi.getState().toast('success', t('mgr.vat.moved', { count: moved.length, day: isoDayToText(day) }));
      props.onMoved();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-label={t('mgr.vat.moveTitle')}>
      <h2>{t('mgr.vat.moveTitle')}</h2>
      <p className="muted">{t('mgr.vat.moveHint', { count: props.total })}</p>
      <div className="form-grid">
        <MoveFields
          code={code}
          onCode={setCode}
          exemption={chosenExemption}
          onExemption={setExemption}
          day={day}
          onDay={setDay}
          dayInvalid={false}
          exemptions={exemptions}
        />
        <div className="field-group">
          <button
            type="button"
            className="btn"
            disabled={hint !== null || busy || (code === 'EX' && chosenExemption === null)}
            aria-describedby={hint ? 'vat-move-hint' : undefined}
            onClick={() => void move()}
          >
            {t('mgr.vat.move')}
          </button>
          {hint && <FieldHint id="vat-move-hint" text={hint} />}
        </div>
      </div>
      <ErrorLine error={error} />
    </section>
  );
}
