import { useEffect, useRef } from 'react';
import { WedgeDetector, type WedgeEvent, type WedgeOptions } from '../../core/scan/wedge-detector';

export interface WedgeHandlers {
  onScan(code: string): void;
  /** Characters a person typed, in order. */
  onText(text: string): void;
  /** A named key a person pressed (Enter, Backspace, ArrowDown, F12...). */
  onKey(key: string): void;
  /** Scanner-speed characters that are not a whole code (a read cut short): tell the cashier, never type them. */
  onFragment(text: string): void;
  /**
   * What onText typed or onFragment reported just before turned out to be the head of a scan that the page
   * got late: take the text out of the field again, or withdraw the report.
   */
  onRetract(text: string, of: 'keys' | 'fragment'): void;
}

/**
 * `KeyboardEvent.timeStamp` on the `performance.now()` clock. Browsers give it relative to the time
 * origin; some engines (jsdom, old WebViews) give epoch milliseconds, which are mapped onto that clock.
 */
export function pressedAt(e: KeyboardEvent, now: number): number {
  const ts = e.timeStamp;
  if (!Number.isFinite(ts) || ts <= 0) return now;
  return ts > now + 86_400_000 ? ts - (Date.now() - now) : ts;
}

/** Keys the till owns while selling: the browser must not scroll, reload (F5) or submit on them. */
const OWNED_KEYS = new Set(['Enter', 'Backspace', 'ArrowUp', 'ArrowDown', 'Escape', 'Delete']);
const FUNCTION_KEY = /^F([1-9]|1[0-2])$/;

function isOtherField(target: EventTarget | null, own: HTMLElement | null): boolean {
  if (!(target instanceof HTMLElement) || target === own) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * Routes the keyboard through the wedge detector while `enabled`: a scanner burst becomes one scan,
 * human keys come back as text/keys for the always-focused search box. Keys typed into another
 * field (a dialog's input) are left alone.
 */
export function useWedge(
  handlers: WedgeHandlers,
  options: {
    enabled: boolean;
    input: React.RefObject<HTMLInputElement | null>;
    wedge?: WedgeOptions;
  },
): void {
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;
  const { enabled, input } = options;
  const wedgeOptions = options.wedge;

  useEffect(() => {
    if (!enabled) return;
    const detector = new WedgeDetector(wedgeOptions);
    let timer: ReturnType<typeof setTimeout> | null = null;

    const emit = (events: WedgeEvent[]): void => {
      for (const e of events) {
        const h = handlersRef.current;
        if (e.kind === 'scan') h.onScan(e.code);
        else if (e.kind === 'keys') h.onText(e.text);
        else if (e.kind === 'key') h.onKey(e.key);
        else if (e.kind === 'fragment') h.onFragment(e.text);
        else h.onRetract(e.text, e.of);
      }
    };
    const schedule = (): void => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      const deadline = detector.deadline();
      if (deadline === null) return;
      timer = setTimeout(
        () => {
          timer = null;
          emit(detector.flush(performance.now()));
          schedule();
        },
        Math.max(0, deadline - performance.now()) + 2,
      );
    };
    const onKeyDown = (e: KeyboardEvent): void => {
      if (e.ctrlKey || e.metaKey || (e.altKey && e.key.length > 1) || e.isComposing) return;
      if (isOtherField(e.target, input.current)) return;
      const printable = e.key.length === 1 || (e.key.length === 2 && (e.key.codePointAt(0) ?? 0) > 0xffff);
      if (printable || OWNED_KEYS.has(e.key) || FUNCTION_KEY.test(e.key)) e.preventDefault();
      else if (!detector.isHolding() && e.key !== 'Shift')
        return; // Tab & co. keep their meaning
      // ...except a Tab that ends a scan: focus stays in the search box.
      else if (e.key === 'Tab') e.preventDefault();
      if (document.activeElement !== input.current) input.current?.focus();
      // The key's own timestamp, not the handler's clock: on a busy page handlers run late and in bunches.
      const receivedAt = performance.now();
      emit(detector.push({ key: e.key, timeStamp: pressedAt(e, receivedAt), receivedAt }));
      schedule();
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      if (timer !== null) clearTimeout(timer);
    };
  }, [enabled, input, wedgeOptions]);
}
