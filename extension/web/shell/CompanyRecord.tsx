import { useEffect, useState } from 'react';
import { pluralize, type CompanySnapshot, type CurrencyCode } from '@pulse/shared';
import { type PulseApi, CompanyHealthCard, CompanySidebarCard, formatDate, formatMoney } from '@pulse/views';
import { RecordTabs, tabIds, type RecordTab } from './RecordTabs';
import { routeHref } from './router';

/**
 * A mock HubSpot company record: properties on the left, the Pulse card as a middle-column tab and the
 * compact card in the right sidebar — the places a user adds the two cards to in HubSpot. Narrow screens
 * stack the three columns.
 */
export function CompanyRecord({ api, companyId }: { api: PulseApi; companyId: string }) {
  const [tab, setTab] = useState<RecordTab>('pulse');
  const ready = useSnapshot(api, companyId);
  const name = ready?.snapshot.companyName ?? `Company ${companyId}`;
  return (
    <div className="record">
      <aside className="record__left" data-testid="record-properties" aria-label="Company properties">
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
        <RecordProperties companyId={companyId} ready={ready} />
      </aside>
      <section className="record__middle" aria-label="Record tabs">
        <RecordTabs selected={tab} onSelect={setTab} />
        {(['overview', 'activities', 'pulse'] as const).map((id) => (
          <div key={id} {...tabIds.panel(id)} role="tabpanel" hidden={tab !== id}>
            {tab !== id ? null : id === 'pulse' ? (
              <div className="record__card" data-testid="record-card">
                <h2 className="record__card-title">Pulse account health</h2>
                <div className="record__card-body">
                  <CompanyHealthCard api={api} companyId={companyId} />
                </div>
              </div>
            ) : (
              <div className="record__card record__card--placeholder">
                This tab is part of HubSpot, not Pulse. Open “Pulse health”.
              </div>
            )}
          </div>
        ))}
      </section>
      <aside className="record__right" aria-label="Pulse summary">
        <div className="record__card" data-testid="record-sidebar">
          <h2 className="record__card-title">Pulse</h2>
          <div className="record__card-body">
            <CompanySidebarCard api={api} companyId={companyId} />
          </div>
        </div>
      </aside>
    </div>
  );
}

type ReadySnapshot = { snapshot: CompanySnapshot; currencyCode: CurrencyCode };

/** The company's snapshot for the left column; the cards show errors themselves, so failures leave placeholders. */
function useSnapshot(api: PulseApi, companyId: string): ReadySnapshot | null {
  const [snapshot, setSnapshot] = useState<ReadySnapshot | null>(null);
  useEffect(() => {
    let isCurrent = true;
    api
      .getCompanyHealth(companyId)
      .then((view) => isCurrent && view.status === 'ready' && setSnapshot(view))
      .catch(() => undefined);
    return () => {
      isCurrent = false;
    };
  }, [api, companyId]);
  return snapshot;
}

function RecordProperties({ companyId, ready }: { companyId: string; ready: ReadySnapshot | null }) {
  const snapshot = ready?.snapshot;
  const money = (amount: number | null) => formatMoney(amount, ready?.currencyCode ?? null);
  const next = snapshot?.renewal.next;
  const days = snapshot?.engagement.daysSinceContact;
  return (
    <section className="record__section">
      <h2>About this company</h2>
      <dl className="record__props">
        <Property label="Record ID" value={companyId} />
        <Property label="Annual recurring revenue" value={snapshot ? money(snapshot.financial.arr) : '…'} />
        <Property label="Associated contacts" value={snapshot?.engagement.contacts?.toString() ?? '—'} />
        <Property
          label="Last contacted"
          value={days == null ? '—' : days === 0 ? 'Today' : `${pluralize(days, 'day')} ago`}
        />
        <Property
          label="Next renewal"
          value={next ? `${formatDate(next.closeDate)} · ${money(next.amount)}` : '—'}
        />
        <Property label="Open tickets" value={snapshot?.support.open.toString() ?? '—'} />
      </dl>
    </section>
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
