import { describe, expect, it } from 'vitest';
import {
  attributionOf,
  companyOfDeal,
  companyOfResponse,
  companyOfTicket,
  countContactsByCompany,
  countUnattributed,
  countUnattributedResponses,
  groupDealsByCompany,
  groupResponsesByCompany,
  groupTicketsByCompany,
  buildPipelineIndex,
  defaultSettings,
} from '@pulse/shared';
import {
  PIPELINES,
  buildContact,
  buildDeal,
  buildPipelines,
  buildResponse,
  buildTicket,
} from '../../factories';

describe('companyOfDeal / companyOfTicket', () => {
  it.each([
    ['the primary association', { primaryCompanyId: '20', companyIds: ['10', '20', '30'] }, '20'],
    ['the only association when none is primary', { primaryCompanyId: null, companyIds: ['30'] }, '30'],
    ['the only company, listed twice', { primaryCompanyId: null, companyIds: ['30', '30'] }, '30'],
    [
      'nobody when several and none primary (never a guess such as the lowest id)',
      { primaryCompanyId: null, companyIds: ['900', '1000', '95'] },
      null,
    ],
    ['nothing without associations', { primaryCompanyId: null, companyIds: [] }, null],
  ])('picks %s', (_name, associations, expected) => {
    expect(companyOfDeal(buildDeal(associations))).toBe(expected);
    expect(companyOfTicket(buildTicket(associations))).toBe(expected);
  });
});

describe('attributionOf and the unattributed counts the admin sees', () => {
  it('says why a record counts for no company', () => {
    expect(attributionOf({ primaryCompanyId: null, companyIds: ['1', '2', '2'] })).toEqual({
      kind: 'ambiguous',
      companyId: null,
      companies: 2,
    });
    expect(attributionOf({ primaryCompanyId: null, companyIds: [] })).toEqual({
      kind: 'unassociated',
      companyId: null,
    });
    expect(attributionOf({ primaryCompanyId: '2', companyIds: ['1', '2'] })).toEqual({
      kind: 'primary',
      companyId: '2',
    });
  });

  it('counts live deals and tickets that count for no company, by reason', () => {
    const tickets = [
      buildTicket({ primaryCompanyId: null, companyIds: ['1', '2'] }),
      buildTicket({ primaryCompanyId: null, companyIds: ['3', '4', '5'] }),
      buildTicket({ primaryCompanyId: null, companyIds: ['1', '2'], archived: true }),
      buildTicket({ primaryCompanyId: null, companyIds: [] }),
      buildTicket({ primaryCompanyId: '1', companyIds: ['1', '2'] }),
    ];
    expect(countUnattributed(tickets)).toEqual({ ambiguous: 2, unassociated: 1 });
    expect(countUnattributed([buildDeal({ companyIds: ['7'] })])).toEqual({ ambiguous: 0, unassociated: 0 });
  });

  it('counts responses whose contact or ticket is ambiguous, and those that lead nowhere', () => {
    const split = buildContact({ id: 'split', primaryCompanyId: null, companyIds: ['1', '2'] });
    const sure = buildContact({ id: 'sure', primaryCompanyId: '1', companyIds: ['1', '2'] });
    const splitTicket = buildTicket({ id: 'ts', primaryCompanyId: null, companyIds: ['1', '2'] });
    const contacts = new Map([split, sure].map((c) => [c.id, c]));
    const tickets = new Map([[splitTicket.id, splitTicket]]);
    const responses = [
      buildResponse({ contactId: 'split' }),
      buildResponse({ contactId: null, ticketId: 'ts' }),
      buildResponse({ contactId: 'sure' }),
      buildResponse({ contactId: 'gone' }),
      buildResponse({ contactId: 'split', archived: true }),
    ];
    expect(countUnattributedResponses(responses, contacts, tickets)).toEqual({
      ambiguous: 2,
      unassociated: 1,
    });
  });
});

describe('companyOfResponse', () => {
  const twoCompanies = buildContact({ id: 'c1', primaryCompanyId: '200', companyIds: ['100', '200'] });
  const noCompany = buildContact({ id: 'c2', primaryCompanyId: null, companyIds: [] });
  const archived = buildContact({ id: 'c3', primaryCompanyId: '300', companyIds: ['300'], archived: true });
  const contacts = new Map([twoCompanies, noCompany, archived].map((c) => [c.id, c]));
  const ticket = buildTicket({ id: 't1', primaryCompanyId: '400', companyIds: ['400'] });
  const tickets = new Map([[ticket.id, ticket]]);

  it.each([
    ['a contact with two companies counts for its primary only', { contactId: 'c1', ticketId: 't1' }, '200'],
    ['no contact → the ticket’s primary company', { contactId: null, ticketId: 't1' }, '400'],
    ['a contact without a company → the ticket’s company', { contactId: 'c2', ticketId: 't1' }, '400'],
    ['an archived contact does not attribute', { contactId: 'c3', ticketId: 't1' }, '400'],
    ['an unknown contact and no ticket → nobody', { contactId: 'nope', ticketId: null }, null],
    ['neither → nobody', { contactId: null, ticketId: null }, null],
  ])('%s', (_name, links, expected) => {
    expect(companyOfResponse(buildResponse(links), contacts, tickets)).toBe(expected);
  });

  it('groups responses by company and leaves archived responses out', () => {
    const a = buildResponse({ contactId: 'c1' });
    const b = buildResponse({ ticketId: 't1' });
    const gone = buildResponse({ contactId: 'c1', archived: true });
    const orphan = buildResponse();
    const groups = groupResponsesByCompany([a, b, gone, orphan], contacts, tickets);
    expect([...groups.keys()].sort()).toEqual(['200', '400']);
    expect(groups.get('200')).toEqual([a]);
    expect(groups.get('400')).toEqual([b]);
  });
});

describe('groupBy helpers', () => {
  it('groups deals and tickets by their one company and ignores archived records', () => {
    const d1 = buildDeal({ primaryCompanyId: '1', companyIds: ['1', '2'] });
    const d2 = buildDeal({ primaryCompanyId: null, companyIds: ['2'] });
    const d3 = buildDeal({ primaryCompanyId: '1', companyIds: ['1'], archived: true });
    const d4 = buildDeal({ primaryCompanyId: null, companyIds: ['1', '2'] });
    const deals = groupDealsByCompany([d1, d2, d3, d4]);
    expect(deals.get('1')).toEqual([d1]);
    expect(deals.get('2')).toEqual([d2]);

    const t1 = buildTicket({ primaryCompanyId: '5', companyIds: ['5'] });
    const t2 = buildTicket({ primaryCompanyId: '5', companyIds: ['5'], archived: true });
    expect(groupTicketsByCompany([t1, t2]).get('5')).toEqual([t1]);
  });

  it('counts live contacts for their primary company only', () => {
    const counts = countContactsByCompany([
      buildContact({ primaryCompanyId: '1', companyIds: ['1', '2'] }),
      buildContact({ primaryCompanyId: '1', companyIds: ['1'] }),
      buildContact({ primaryCompanyId: '2', companyIds: ['2'], archived: true }),
    ]);
    expect(Object.fromEntries(counts)).toEqual({ '1': 2 });
  });
});

describe('buildPipelineIndex', () => {
  const index = buildPipelineIndex(buildPipelines(), defaultSettings.renewals);

  it('reads won/lost/open from stage metadata, never from stage ids', () => {
    expect(index.dealStage(PIPELINES.renewals.id, PIPELINES.renewals.won)).toEqual({
      isClosed: true,
      isWon: true,
      isLost: false,
      label: 'Renewed',
    });
    expect(index.dealStage(PIPELINES.renewals.id, PIPELINES.renewals.lost)).toEqual({
      isClosed: true,
      isWon: false,
      isLost: true,
      label: 'Churned',
    });
    expect(index.dealStage(PIPELINES.sales.id, PIPELINES.sales.open)).toMatchObject({
      isClosed: false,
      isWon: false,
      isLost: false,
    });
    // a stage id from another pipeline is unknown here
    expect(index.dealStage(PIPELINES.sales.id, PIPELINES.renewals.won)).toBeNull();
    expect(index.dealStage('nope', 'closedwon')).toBeNull();
  });

  it('treats a closed stage with a probability between 0 and 1 as neither won nor lost', () => {
    const pipelines = buildPipelines();
    pipelines[0]!.stages.push({
      id: '99',
      label: 'Closed (odd)',
      displayOrder: 9,
      isClosed: true,
      probability: 0.5,
      ticketState: null,
      archived: false,
    });
    const odd = buildPipelineIndex(pipelines, defaultSettings.renewals).dealStage(PIPELINES.sales.id, '99');
    expect(odd).toMatchObject({ isClosed: true, isWon: false, isLost: false });
  });

  it('reads ticket open/closed from ticketState', () => {
    expect(index.isTicketOpen(PIPELINES.support.id, PIPELINES.support.waiting)).toBe(true);
    expect(index.isTicketOpen(PIPELINES.support.id, PIPELINES.support.closed)).toBe(false);
    expect(index.isTicketOpen(PIPELINES.support.id, '77')).toBeNull();
  });

  it('finds renewal pipelines by label pattern (case-insensitive) or explicit id', () => {
    expect(index.isRenewalPipeline(PIPELINES.renewals.id)).toBe(true);
    expect(index.isRenewalPipeline(PIPELINES.sales.id)).toBe(false);
    const byId = buildPipelineIndex(buildPipelines(), {
      ...defaultSettings.renewals,
      renewalPipelinePattern: '',
      renewalPipelineIds: [PIPELINES.sales.id],
    });
    expect(byId.isRenewalPipeline(PIPELINES.sales.id)).toBe(true);
    expect(byId.isRenewalPipeline(PIPELINES.renewals.id)).toBe(false); // empty pattern matches nothing
  });
});
