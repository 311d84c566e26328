// A labelled select whose options are a fixed list: the change hands back the option itself, typed,
// never the raw string of the event.
import type { ReactNode } from "react";

export function SelectField<T extends string | number>({
  label,
  ariaLabel,
  value,
  options,
  optionLabel = String,
  onChange,
  disabled,
  testId,
}: {
  label: ReactNode;
  ariaLabel: string;
  value: T;
  options: readonly T[];
  optionLabel?: (option: T) => ReactNode;
  onChange: (value: T) => void;
  disabled?: boolean;
  testId?: string;
}) {
  return (
    <label className="field">
      {label}
      <select
        aria-label={ariaLabel}
        data-testid={testId}
        value={value}
        disabled={disabled}
        onChange={(e) => {
          const chosen = options.find((o) => String(o) === e.target.value);
          if (chosen !== undefined) onChange(chosen);
        }}
      >
        {options.map((o) => (
          <option key={o} value={o}>
            {optionLabel(o)}
          </option>
        ))}
      </select>
    </label>
  );
}
