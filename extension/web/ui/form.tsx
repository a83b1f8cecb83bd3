import type { FormInputValues, FormProps } from '@hubspot/ui-extensions';
import type { FormEvent } from 'react';
import { reactions, testIdProps, toExtensionEvent } from './base';
import { parseNumberInput } from './number-input';
import './form.css';

/** Reads named fields back with the types the views gave them (numbers stay numbers, option values keep their type). */
export function collectFormValues(form: HTMLFormElement): FormInputValues {
  const values: FormInputValues = {};
  for (const element of Array.from(form.elements)) {
    if (!(
      element instanceof HTMLInputElement ||
      element instanceof HTMLSelectElement ||
      element instanceof HTMLTextAreaElement
    ))
      continue;
    if (!element.name) continue;
    if (element instanceof HTMLSelectElement) {
      const chosen = element.selectedOptions[0]?.dataset.hsValue;
      if (chosen !== undefined) values[element.name] = JSON.parse(chosen) as string | number;
    } else if (element.dataset.hsNumber !== undefined) {
      const parsed = parseNumberInput(element.value, {});
      if (parsed.ok && parsed.value !== undefined) values[element.name] = parsed.value;
    } else if (
      element instanceof HTMLInputElement &&
      (element.type === 'checkbox' || element.type === 'radio')
    ) {
      if (element.checked) values[element.name] = element.value;
    } else {
      values[element.name] = element.value;
    }
  }
  return values;
}

export function Form({ children, onSubmit, autoComplete = 'on', testId }: FormProps) {
  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const values = collectFormValues(event.currentTarget);
    void onSubmit?.({ ...toExtensionEvent(event), targetValue: values }, reactions);
  };
  return (
    <form
      className="hs-form"
      onSubmit={handleSubmit}
      autoComplete={autoComplete}
      noValidate
      {...testIdProps(testId)}
    >
      {children}
    </form>
  );
}
