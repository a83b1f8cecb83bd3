import type { AccordionProps } from '@hubspot/ui-extensions';
import { useState } from 'react';
import { classNames, sizeKey, testIdProps } from './base';
import './accordion.css';

export function Accordion({
  title,
  children,
  defaultOpen = false,
  disabled = false,
  open,
  size = 'sm',
  onClick,
  testId,
}: AccordionProps) {
  const [uncontrolled, setUncontrolled] = useState(defaultOpen);
  const isOpen = open ?? uncontrolled;
  return (
    <div className={classNames('hs-accordion', isOpen && 'is-open')} {...testIdProps(testId)}>
      <button
        type="button"
        className={`hs-accordion__title hs-accordion__title--${sizeKey(size, 'sm')}`}
        aria-expanded={isOpen}
        disabled={disabled}
        onClick={() => {
          setUncontrolled(!isOpen);
          onClick?.();
        }}
      >
        <span className="hs-accordion__chevron" aria-hidden="true">
          ›
        </span>
        {title}
      </button>
      {isOpen && <div className="hs-accordion__body">{children}</div>}
    </div>
  );
}
