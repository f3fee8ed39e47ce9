import { parseDirhams } from '../../core/money';

/** A dirham field ("12,50"); the parent keeps the text and reads centimes with `parseDirhams`. */
export function MoneyInput(props: {
  label: string;
  value: string;
  onChange(text: string): void;
  autoFocus?: boolean;
  onEnter?(): void;
}) {
  const invalid = props.value.trim() !== '' && parseDirhams(props.value) === null;
  return (
    <label className="field">
      <span>{props.label}</span>
      <input
        inputMode="decimal"
        dir="ltr"
        value={props.value}
        aria-invalid={invalid}
        autoFocus={props.autoFocus}
        data-autofocus={props.autoFocus ? '' : undefined}
        onChange={(e) => props.onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && props.onEnter) {
            e.preventDefault();
            props.onEnter();
          }
        }}
      />
    </label>
  );
}
