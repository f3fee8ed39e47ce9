import { useEffect, useRef } from 'react';
import { WedgeDetector, type WedgeEvent, type WedgeOptions } from '../../core/scan/wedge-detector';

export interface WedgeHandlers {
  onScan(code: string): void;
  /** Characters a person typed, in order. */
  onText(text: string): void;
  /** A named key a person pressed (Enter, Backspace, ArrowDown, F12...). */
  onKey(key: string): void;
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
    now?: () => number;
  },
): void {
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;
  const { enabled, input } = options;
  const now = options.now ?? (() => performance.now());
  const nowRef = useRef(now);
  nowRef.current = now;
  const wedgeOptions = options.wedge;

  useEffect(() => {
    if (!enabled) return;
    const detector = new WedgeDetector(wedgeOptions);
    let timer: ReturnType<typeof setTimeout> | null = null;

    const emit = (events: WedgeEvent[]): void => {
      for (const e of events) {
        if (e.kind === 'scan') handlersRef.current.onScan(e.code);
        else if (e.kind === 'keys') handlersRef.current.onText(e.text);
        else handlersRef.current.onKey(e.key);
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
          emit(detector.flush(nowRef.current()));
          schedule();
        },
        Math.max(0, deadline - nowRef.current()) + 2,
      );
    };
    const onKeyDown = (e: KeyboardEvent): void => {
      if (e.ctrlKey || e.metaKey || (e.altKey && e.key.length > 1) || e.isComposing) return;
      if (isOtherField(e.target, input.current)) return;
      const printable = e.key.length === 1 || (e.key.length === 2 && (e.key.codePointAt(0) ?? 0) > 0xffff);
      if (printable || OWNED_KEYS.has(e.key) || FUNCTION_KEY.test(e.key)) e.preventDefault();
      else if (!detector.isHolding() && e.key !== 'Shift') return; // Tab & co. keep their meaning
      if (document.activeElement !== input.current) input.current?.focus();
      emit(detector.push({ key: e.key, timeStamp: nowRef.current() }));
      schedule();
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      if (timer !== null) clearTimeout(timer);
    };
  }, [enabled, input, wedgeOptions]);
}
