import type { NumberInputProps } from '@hubspot/ui-extensions';
import { useId, useState } from 'react';
import { chromeOf, Field, useDraft } from './field';
import './number-input.css';

export type ParsedNumber = { ok: true; value: number | undefined } | { ok: false; reason: string };

/**
 * Parses what a user typed into a NumberInput: blank is "no value", thousands separators are allowed,
 * the result is rounded to `precision` and clamped into [min, max].
 */
export function parseNumberInput(
  text: string,
  options: { min?: number; max?: number; precision?: number },
): ParsedNumber {
  const cleaned = text.trim().replace(/[,\s]/g, '').replace(/%$/, '');
  if (cleaned === '') return { ok: true, value: undefined };
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(cleaned))
    return { ok: false, reason: `"${text.trim()}" is not a number` };
  let value = Number(cleaned);
  if (!Number.isFinite(value)) return { ok: false, reason: `"${text.trim()}" is not a number` };
  if (options.precision !== undefined) {
    const factor = 10 ** options.precision;
    value = Math.round(value * factor) / factor;
  }
  if (options.min !== undefined) value = Math.max(options.min, value);
  if (options.max !== undefined) value = Math.min(options.max, value);
  return { ok: true, value: Object.is(value, -0) ? 0 : value };
}

const numberText = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '' : String(v));

export function NumberInput(props: NumberInputProps) {
  const { name, value, defaultValue, readOnly, placeholder, error, validationMessage, onChange } = props;
  const { min, max, precision, formatStyle = 'decimal', textAlign = 'left' } = props;
  const id = useId();
  const [parseError, setParseError] = useState<string | null>(null);
  const options = { min, max, precision };
  const draft = useDraft(value, defaultValue, numberText, {
    commit: (text) => {
      const parsed = parseNumberInput(text, options);
      if (!parsed.ok) {
        setParseError(parsed.reason);
        // the form learns the field holds no number (its Save stays disabled); the typed text stays visible
        onChange?.(Number.NaN);
        return null;
      }
      setParseError(null);
      // HubSpot reports a cleared number input as undefined, though its typings only admit numbers.
      onChange?.(parsed.value as number);
      return numberText(parsed.value);
    },
    onInput: (text) => {
      const parsed = parseNumberInput(text, {});
      if (parsed.ok && parsed.value !== undefined) props.onInput?.(parsed.value);
    },
    onFocus: () => value !== undefined && props.onFocus?.(value),
    onBlur: (text) => {
      const parsed = parseNumberInput(text, options);
      if (parsed.ok && parsed.value !== undefined) props.onBlur?.(parsed.value);
    },
    enterCommits: true,
  });
  const shownError = error || parseError !== null;
  return (
    <Field
      id={id}
      {...chromeOf(props)}
      error={shownError}
      validationMessage={parseError ?? validationMessage}
    >
      <div className="hs-number">
        <input
          id={id}
          className="hs-input"
          name={name}
          inputMode="decimal"
          data-hs-number=""
          placeholder={placeholder}
          readOnly={readOnly}
          style={{ textAlign }}
          aria-invalid={shownError || undefined}
          {...draft}
        />
        {formatStyle === 'percentage' && <span className="hs-number__suffix">%</span>}
      </div>
    </Field>
  );
}
