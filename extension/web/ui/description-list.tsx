import type { DescriptionListItemProps, DescriptionListProps } from '@hubspot/ui-extensions';
import { testIdProps } from './base';
import './description-list.css';

export function DescriptionList({ children, direction = 'column', testId }: DescriptionListProps) {
  return (
    <dl className={`hs-dl hs-dl--${direction}`} {...testIdProps(testId)}>
      {children}
    </dl>
  );
}

export function DescriptionListItem({ children, label, testId }: DescriptionListItemProps) {
  return (
    <div className="hs-dl__item" {...testIdProps(testId)}>
      <dt className="hs-dl__label">{label}</dt>
      <dd className="hs-dl__value">{children}</dd>
    </div>
  );
}
