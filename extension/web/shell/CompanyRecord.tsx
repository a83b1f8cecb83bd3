import { useEffect, useState } from 'react';
import type { CompanySnapshot } from '@pulse/shared';
import { type PulseApi, CompanyHealthCard, CompanySidebarCard, formatDate, formatMoney } from '@pulse/views';
import { routeHref } from './router';

type Tab = 'overview' | 'activities' | 'pulse';

/**
 * A mock HubSpot company record: properties on the left, the Pulse card as a middle-column tab and the
 * compact card in the right sidebar — the places a user adds the two cards to in HubSpot.
 */
export function CompanyRecord({ api, companyId }: { api: PulseApi; companyId: string }) {
  const [tab, setTab] = useState<Tab>('pulse');
  const [snapshot, setSnapshot] = useState<CompanySnapshot | null>(null);

  useEffect(() => {
    let isCurrent = true;
    api
      .getCompanyHealth(companyId)
      .then((view) => isCurrent && view.status === 'ready' && setSnapshot(view.snapshot))
      // The cards show the error themselves; the left column just keeps its placeholders.
      .catch(() => undefined);
    return () => {
      isCurrent = false;
    };
  }, [api, companyId]);

  const name = snapshot?.companyName ?? `Company ${companyId}`;
  return (
    <div className="record">
      <aside className="record__left" data-testid="record-properties">
        <a className="record__back" href={routeHref.companies()}>
          ‹ Companies
        </a>
        <div className="record__identity">
          <span className="record__avatar" aria-hidden="true">
            {name.slice(0, 1).toUpperCase()}
          </span>
          <h1 className="record__name" data-testid="record-name">
            {name}
          </h1>
        </div>
        <section className="record__section">
          <h2>About this company</h2>
          <dl className="record__props">
            <Property label="Record ID" value={companyId} />
            <Property
              label="Annual recurring revenue"
              value={snapshot ? formatMoney(snapshot.financial.arr) : '…'}
            />
            <Property label="Associated contacts" value={snapshot?.engagement.contacts?.toString() ?? '—'} />
            <Property
              label="Last contacted"
              value={
                snapshot?.engagement.daysSinceContact == null
                  ? '—'
                  : `${snapshot.engagement.daysSinceContact} days ago`
              }
            />
            <Property
              label="Next renewal"
              value={
                snapshot?.renewal.next
                  ? `${formatDate(snapshot.renewal.next.closeDate)} · ${formatMoney(snapshot.renewal.next.amount)}`
                  : '—'
              }
            />
            <Property label="Open tickets" value={snapshot?.support.open.toString() ?? '—'} />
          </dl>
        </section>
      </aside>
      <section className="record__middle">
        <div className="record__tabs" role="tablist">
          {(
            [
              ['overview', 'Overview'],
              ['activities', 'Activities'],
              ['pulse', 'Pulse health'],
            ] as const
          ).map(([id, label]) => (
            <button
              key={id}
              type="button"
              role="tab"
              aria-selected={tab === id}
              className={tab === id ? 'is-selected' : undefined}
              onClick={() => setTab(id)}
            >
              {label}
            </button>
          ))}
        </div>
        {tab === 'pulse' ? (
          <div className="record__card" data-testid="record-card">
            <div className="record__card-title">Pulse account health</div>
            <div className="record__card-body">
              <CompanyHealthCard api={api} companyId={companyId} />
            </div>
          </div>
        ) : (
          <div className="record__card record__card--placeholder">
            This tab is part of HubSpot, not Pulse. Open “Pulse health”.
          </div>
        )}
      </section>
      <aside className="record__right">
        <div className="record__card" data-testid="record-sidebar">
          <div className="record__card-title">Pulse</div>
          <div className="record__card-body">
            <CompanySidebarCard api={api} companyId={companyId} />
          </div>
        </div>
      </aside>
    </div>
  );
}

function Property({ label, value }: { label: string; value: string }) {
  return (
    <div className="record__prop">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
