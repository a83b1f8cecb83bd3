import type { InputProps, TextAreaProps } from '@hubspot/ui-extensions';
import { useId } from 'react';
import { chromeOf, Field, useDraft } from './field';
import './text-input.css';

const textOf = (v: string | undefined) => v ?? '';

/** Input and TextArea commit exactly the text typed. */
const useTextDraft = (props: InputProps | TextAreaProps, { enterCommits }: { enterCommits: boolean }) =>
  useDraft(props.value, props.defaultValue, textOf, {
    commit: (text) => {
      props.onChange?.(text);
      return text;
    },
    onInput: props.onInput,
    onFocus: props.onFocus,
    onBlur: props.onBlur,
    enterCommits,
  });

export function Input(props: InputProps) {
  const { name, readOnly, placeholder, error, type = 'text' } = props;
  const id = useId();
  const draft = useTextDraft(props, { enterCommits: true });
  return (
    <Field id={id} {...chromeOf(props)}>
      <input
        id={id}
        className="hs-input"
        name={name}
        type={type}
        placeholder={placeholder}
        readOnly={readOnly}
        aria-invalid={error || undefined}
        {...draft}
      />
    </Field>
  );
}

export function TextArea(props: TextAreaProps) {
  const { name, readOnly, placeholder, error, cols, rows, maxLength } = props;
  const id = useId();
  const draft = useTextDraft(props, { enterCommits: false });
  return (
    <Field id={id} {...chromeOf(props)}>
      <textarea
        id={id}
        className="hs-input hs-textarea"
        name={name}
        placeholder={placeholder}
        readOnly={readOnly}
        cols={cols}
        rows={rows}
        maxLength={maxLength}
        style={{ resize: props.resize ?? 'both' }}
        aria-invalid={error || undefined}
        {...draft}
      />
    </Field>
  );
}
