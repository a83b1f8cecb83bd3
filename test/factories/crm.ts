import type {
  Company,
  CompanyBundle,
  Contact,
  Deal,
  FeedbackSubmission,
  Owner,
  Pipeline,
  PipelineStage,
  Ticket,
} from '@pulse/shared';

/** A fixed "now" for tests: Monday 2 March 2026, 12:00 UTC. */
export const NOW = Date.UTC(2026, 2, 2, 12, 0, 0);
export const DAY = 86_400_000;
export const HOUR = 3_600_000;
/** An instant `n` days before NOW (negative n = after). */
export const daysAgo = (n: number): number => NOW - n * DAY;

/**
 * Stage ids as a real portal has them: numeric and portal-specific, so nothing may rely on names such as
 * "closedwon". Meaning comes only from the metadata below.
 */
export const PIPELINES = {
  sales: { id: '1047301', open: '1047302', won: '1047305', lost: '1047306' },
  renewals: { id: '7730012', open: '7730013', negotiation: '7730014', won: '7730015', lost: '7730016' },
  support: { id: '0', new: '1', waiting: '2', closed: '4' },
} as const;

function dealStage(
  id: string,
  label: string,
  order: number,
  isClosed: boolean,
  probability: number,
): PipelineStage {
  return { id, label, displayOrder: order, isClosed, probability, ticketState: null, archived: false };
}

function ticketStage(id: string, label: string, order: number, state: 'OPEN' | 'CLOSED'): PipelineStage {
  return {
    id,
    label,
    displayOrder: order,
    isClosed: state === 'CLOSED',
    probability: null,
    ticketState: state,
    archived: false,
  };
}

/** A sales pipeline, a "Renewals" pipeline and a support pipeline with portal-specific stage ids. */
export function buildPipelines(): Pipeline[] {
  const { sales, renewals, support } = PIPELINES;
  return [
    {
      id: sales.id,
      objectType: 'deals',
      label: 'Sales Pipeline',
      displayOrder: 0,
      archived: false,
      stages: [
        dealStage(sales.open, 'Qualified to buy', 0, false, 0.4),
        dealStage(sales.won, 'Closed won', 1, true, 1),
        dealStage(sales.lost, 'Closed lost', 2, true, 0),
      ],
    },
    {
      id: renewals.id,
      objectType: 'deals',
      label: 'Customer Renewals',
      displayOrder: 1,
      archived: false,
      stages: [
        dealStage(renewals.open, 'Renewal due', 0, false, 0.6),
        dealStage(renewals.negotiation, 'Negotiation', 1, false, 0.8),
        dealStage(renewals.won, 'Renewed', 2, true, 1),
        dealStage(renewals.lost, 'Churned', 3, true, 0),
      ],
    },
    {
      id: support.id,
      objectType: 'tickets',
      label: 'Support Pipeline',
      displayOrder: 0,
      archived: false,
      stages: [
        ticketStage(support.new, 'New', 0, 'OPEN'),
        ticketStage(support.waiting, 'Waiting on us', 1, 'OPEN'),
        ticketStage(support.closed, 'Closed', 2, 'CLOSED'),
      ],
    },
  ];
}

let seq = 1000;
const nextId = () => String(++seq);

export function buildCompany(overrides: Partial<Company> = {}): Company {
  return {
    id: nextId(),
    name: 'Acme Corp',
    domain: 'acme.example',
    ownerId: '501',
    lastContactedAt: null,
    lastSalesActivityAt: null,
    associatedContacts: null,
    annualRevenue: null,
    lifecycleStage: 'customer',
    mapped: {},
    archived: false,
    updatedAt: NOW,
    ...overrides,
  };
}

export function buildContact(overrides: Partial<Contact> = {}): Contact {
  return {
    id: nextId(),
    primaryCompanyId: null,
    companyIds: [],
    archived: false,
    updatedAt: NOW,
    ...overrides,
  };
}

/** An open deal in the renewals pipeline by default. */
export function buildDeal(overrides: Partial<Deal> = {}): Deal {
  return {
    id: nextId(),
    name: 'Acme renewal 2026',
    pipelineId: PIPELINES.renewals.id,
    stageId: PIPELINES.renewals.open,
    amount: 10_000,
    closeAt: daysAgo(-45),
    dealType: 'existingbusiness',
    arr: null,
    ownerId: '501',
    createdAt: daysAgo(120),
    stageEnteredAt: daysAgo(10),
    primaryCompanyId: null,
    companyIds: [],
    archived: false,
    updatedAt: NOW,
    ...overrides,
  };
}

/** An open, MEDIUM priority ticket created 2 days ago by default. */
export function buildTicket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: nextId(),
    subject: 'Cannot export report',
    pipelineId: PIPELINES.support.id,
    stageId: PIPELINES.support.new,
    priority: 'MEDIUM',
    createdAt: daysAgo(2),
    closedAt: null,
    timeToCloseMs: null,
    timeToFirstReplyMs: null,
    primaryCompanyId: null,
    companyIds: [],
    archived: false,
    updatedAt: NOW,
    ...overrides,
  };
}

/** An NPS response of 9 submitted 10 days ago by default, no response group (so the value decides). */
export function buildResponse(overrides: Partial<FeedbackSubmission> = {}): FeedbackSubmission {
  return {
    id: nextId(),
    surveyType: 'NPS',
    surveyId: '88',
    surveyName: 'Quarterly NPS',
    value: 9,
    responseGroup: null,
    content: null,
    submittedAt: daysAgo(10),
    contactId: null,
    ticketId: null,
    archived: false,
    updatedAt: NOW,
    ...overrides,
  };
}

export function buildOwner(overrides: Partial<Owner> = {}): Owner {
  return {
    id: nextId(),
    userId: null,
    email: null,
    firstName: 'Casey',
    lastName: 'Smith',
    teams: [],
    archived: false,
    ...overrides,
  };
}

export function buildBundle(overrides: Partial<CompanyBundle> = {}): CompanyBundle {
  return { company: buildCompany(), deals: [], tickets: [], responses: [], contactCount: null, ...overrides };
}
