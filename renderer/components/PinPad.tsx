import { useEffect } from 'react';
import { useT } from '../i18n';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** Touch PIN pad that also listens to the keyboard's digits, Backspace and Enter. */
export function PinPad(props: {
  value: string;
  onChange(value: string): void;
  onSubmit(): void;
  maxLength?: number;
  label: string;
  busy?: boolean;
  /** Listen to the physical keyboard (off when another field has the keys). */
  keyboard?: boolean;
}) {
  const t = useT();
  const max = props.maxLength ?? 8;
  const { value, onChange, onSubmit, keyboard = true } = props;
  useEffect(() => {
    if (!keyboard) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement) return;
      if (/^\d$/.test(e.key)) {
        e.preventDefault();
        if (value.length < max) onChange(value + e.key);
      } else if (e.key === 'Backspace') {
        e.preventDefault();
        onChange(value.slice(0, -1));
      } else if (e.key === 'Enter') {
        e.preventDefault();
        onSubmit();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [keyboard, value, max, onChange, onSubmit]);
  const press = (d: string) => value.length < max && onChange(value + d);
  return (
    <div className="pinpad">
      <div className="pin-display" aria-label={props.label} role="status">
        {value.length === 0 ? '\u00a0' : '•'.repeat(value.length)}
      </div>
      <div className="pin-keys" dir="ltr">
        {KEYS.map((d) => (
          <button key={d} type="button" className="key" onClick={() => press(d)}>
            {d}
          </button>
        ))}
        <button
          type="button"
          className="key key-muted"
          onClick={() => onChange('')}
          aria-label={t('common.clear')}
        >
          C
        </button>
        <button type="button" className="key" onClick={() => press('0')}>
          0
        </button>
        <button
          type="button"
          className="key key-primary"
          onClick={onSubmit}
          disabled={props.busy || value.length < 4}
          aria-label={t('common.confirm')}
        >
          ✓
        </button>
      </div>
    </div>
  );
}
