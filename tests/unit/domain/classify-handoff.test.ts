import { describe, expect, it } from 'vitest';
import { classifyHandoff, handoffAreaTitle, handoffFacts, handoffRules, handoffSchema, type Handoff, type HandoffRuleId } from '@/utils/domain/classify-handoff';
import { countsTowardBadge, handoffCountsSchema, countHandoffs } from '@/utils/domain/handoff-counts';
import { graphIncidentSchema, type GraphIncident } from '@/utils/domain/incident-schema';
import type { TenantService } from '@/utils/domain/responsibility-matrix';

const tenantId = '0b8a9c34-5d6e-4f70-8a91-b2c3d4e5f607';
const created = '2024-03-01T08:00:00Z';
const updated = '2024-03-01T10:00:00Z';
const now = new Date('2024-03-01T12:00:00Z');
const hour = 3_600_000;

/** A real parsed incident (through the schema), open and unassigned unless overridden. */
function incident(overrides: Record<string, unknown> = {}): GraphIncident {
  return graphIncidentSchema.parse({
    id: '101',
    tenantId,
    displayName: 'Suspicious sign-in activity',
    status: 'active',
    createdDateTime: created,
    lastUpdateDateTime: updated,
    ...overrides,
  });
}

const huntingAlert = { id: 'ed638', detectionSource: 'microsoftThreatExperts', serviceSource: 'microsoftDefenderForEndpoint' };
const antivirusAlert = { id: 'da637', detectionSource: 'antivirus' };

function classify(overrides: Record<string, unknown>, service: TenantService = 'xdr'): Handoff {
  return classifyHandoff(incident(overrides), service, now);
}

describe('the rule table', () => {
  it('is evaluated in the order of DESIGN.md', () => {
    expect(handoffRules.map((rule) => rule.id)).toEqual([
      'redirected',
      'awaitingAction',
      'huntingGenerated',
      'defenderExpertsTriage',
      'defenderExpertsInvestigation',
      'resolvedByDefenderExperts',
      'partnerOpen',
      'closed',
    ]);
  });

  it('ends with a rule that matches anything', () => {
    const last = handoffRules[handoffRules.length - 1];
    expect(last?.id).toBe('closed');
    expect(last?.when(handoffFacts(incident({ status: 'resolved' }), 'xdr'))).toBe(true);
  });
});

describe('an XDR tenant, one test per row of the table', () => {
  it('redirected: merged, nobody owns it, follow redirectIncidentId', () => {
    expect(classify({ status: 'redirected', redirectIncidentId: '202', assignedTo: 'Defender Experts' })).toMatchObject({
      rule: 'redirected',
      area: 'merged',
      owner: 'none',
      partnerAction: null,
      redirectIncidentId: '202',
      inDefenderExpertsScope: false,
    });
  });

  it('awaitingAction: remediation, the partner acts', () => {
    expect(classify({ status: 'awaitingAction', assignedTo: 'Customer' })).toMatchObject({
      rule: 'awaitingAction',
      area: 'incidentRemediation',
      owner: 'partner',
      inDefenderExpertsScope: true,
      partnerAction: { kind: 'act', text: 'Act on the remediation actions, then resolve the incident' },
    });
  });

  it('hunting-generated and not resolved: hunting, the partner acts on the true positive', () => {
    expect(classify({ alerts: [antivirusAlert, huntingAlert] })).toMatchObject({
      rule: 'huntingGenerated',
      area: 'hunting',
      owner: 'partner',
      inDefenderExpertsScope: true,
      partnerAction: { kind: 'act', text: 'Review and respond to the true positive Defender Experts found' },
    });
  });

  it('assigned to Defender Experts and active: triage, theirs', () => {
    expect(classify({ assignedTo: 'Defender Experts', status: 'active' })).toMatchObject({
      rule: 'defenderExpertsTriage',
      area: 'incidentTriage',
      owner: 'defenderExperts',
      inDefenderExpertsScope: true,
      partnerAction: null,
    });
  });

  it('assigned to Defender Experts and inProgress: investigation, theirs', () => {
    expect(classify({ assignedTo: 'Defender Experts', status: 'inProgress' })).toMatchObject({
      rule: 'defenderExpertsInvestigation',
      area: 'incidentInvestigation',
      owner: 'defenderExperts',
      inDefenderExpertsScope: true,
      partnerAction: null,
    });
  });

  it('resolved with the Defender Experts system tag: the partner reviews', () => {
    expect(classify({ status: 'resolved', systemTags: ['Defender Experts'] })).toMatchObject({
      rule: 'resolvedByDefenderExperts',
      area: 'incidentInvestigation',
      owner: 'partner',
      inDefenderExpertsScope: true,
      partnerAction: { kind: 'review', text: 'Review the investigation summary and validate the classification' },
    });
  });

  it('resolved and assigned to Customer: the partner reviews', () => {
    expect(classify({ status: 'resolved', assignedTo: 'Customer' }).rule).toBe('resolvedByDefenderExperts');
  });

  it('resolved while still assigned to Defender Experts: the partner reviews', () => {
    expect(classify({ status: 'resolved', assignedTo: 'Defender Experts' }).rule).toBe('resolvedByDefenderExperts');
  });

  it('other unresolved and unassigned: triage, the partner assigns it to themselves', () => {
    expect(classify({ assignedTo: null })).toMatchObject({
      rule: 'partnerOpen',
      area: 'incidentTriage',
      owner: 'partner',
      inDefenderExpertsScope: false,
      partnerAction: { kind: 'triage', text: 'Triage it: assign it to yourself' },
    });
  });

  it('other unresolved and assigned to someone else: investigation, the partner triages it', () => {
    expect(classify({ assignedTo: 'analyst@contoso-mssp.com', status: 'inProgress' })).toMatchObject({
      rule: 'partnerOpen',
      area: 'incidentInvestigation',
      owner: 'partner',
      inDefenderExpertsScope: false,
      partnerAction: { kind: 'triage', text: 'Investigate it' },
    });
  });

  it('other resolved: closed, nobody owns it', () => {
    expect(classify({ status: 'resolved', assignedTo: 'analyst@contoso-mssp.com' })).toMatchObject({
      rule: 'closed',
      area: 'closed',
      owner: 'none',
      inDefenderExpertsScope: false,
      partnerAction: null,
    });
  });
});

describe('first match wins', () => {
  it('a hunting-generated incident awaiting action is a remediation', () => {
    expect(classify({ status: 'awaitingAction', alerts: [huntingAlert] }).rule).toBe('awaitingAction');
  });

  it('a hunting-generated incident assigned to Defender Experts is still the partner’s to act on', () => {
    expect(classify({ assignedTo: 'Defender Experts', alerts: [huntingAlert] }).rule).toBe('huntingGenerated');
  });

  it('a redirected incident awaiting nothing else is merged even when it looks hunting-generated', () => {
    expect(classify({ status: 'redirected', alerts: [huntingAlert], systemTags: ['Defender Experts'] }).rule).toBe(
      'redirected',
    );
  });

  it('a resolved hunting-generated incident is no longer an action', () => {
    expect(classify({ status: 'resolved', alerts: [huntingAlert] }).rule).toBe('closed');
    expect(classify({ status: 'resolved', alerts: [huntingAlert], systemTags: ['Defender Experts'] }).rule).toBe(
      'resolvedByDefenderExperts',
    );
  });
});

describe('a Hunting-only tenant', () => {
  const hunting = (overrides: Record<string, unknown>) => classify(overrides, 'hunting');

  it('leaves an incident assigned to Defender Experts with the partner, out of scope', () => {
    for (const status of ['active', 'inProgress']) {
      expect(hunting({ assignedTo: 'Defender Experts', status })).toMatchObject({
        rule: 'partnerOpen',
        area: 'incidentInvestigation',
        owner: 'partner',
        inDefenderExpertsScope: false,
        partnerAction: { kind: 'triage' },
      });
    }
  });

  it('still makes hunting-generated incidents the partner’s to act on', () => {
    expect(hunting({ alerts: [huntingAlert] })).toMatchObject({
      rule: 'huntingGenerated',
      area: 'hunting',
      partnerAction: { kind: 'act' },
    });
  });

  it('still treats awaitingAction as the partner’s to act on (only Defender Experts can set it)', () => {
    expect(hunting({ status: 'awaitingAction' })).toMatchObject({ rule: 'awaitingAction', partnerAction: { kind: 'act' } });
  });

  it('asks no review of resolved incidents: Defender Experts for Hunting do not resolve them', () => {
    expect(hunting({ status: 'resolved', systemTags: ['Defender Experts'], assignedTo: 'Customer' })).toMatchObject({
      rule: 'closed',
      owner: 'none',
    });
  });

  it('has the partner triage unassigned incidents', () => {
    expect(hunting({})).toMatchObject({ rule: 'partnerOpen', area: 'incidentTriage' });
  });
});

describe('a tenant without Defender Experts', () => {
  const none = (overrides: Record<string, unknown>) => classify(overrides, 'none');

  it('makes the partner own every open incident, whatever it looks like', () => {
    const cases = [
      { assignedTo: 'Defender Experts', status: 'active' },
      { assignedTo: 'Defender Experts', status: 'inProgress' },
      { alerts: [huntingAlert] },
      { displayName: 'Defender Experts: suspicious activity' },
      { status: 'awaitingAction', assignedTo: 'Customer' },
      { status: 'unknownFutureValue' },
    ];
    for (const overrides of cases) {
      expect(none(overrides), JSON.stringify(overrides)).toMatchObject({
        rule: 'partnerOpen',
        owner: 'partner',
        inDefenderExpertsScope: false,
        partnerAction: { kind: 'triage' },
      });
    }
  });

  it('treats awaitingAction as an ordinary open incident: triage when unassigned', () => {
    expect(none({ status: 'awaitingAction' })).toMatchObject({ area: 'incidentTriage', partnerAction: { kind: 'triage' } });
  });

  it('closes resolved incidents and follows merges, with no review', () => {
    expect(none({ status: 'resolved', systemTags: ['Defender Experts'] }).rule).toBe('closed');
    expect(none({ status: 'redirected', redirectIncidentId: '9' })).toMatchObject({ rule: 'redirected', redirectIncidentId: '9' });
  });
});

describe('unknown statuses', () => {
  it('are open: the partner sees them, even when assigned to Defender Experts', () => {
    const parsed = incident({ status: 'awaitingSomethingNew', assignedTo: 'Defender Experts' });
    expect(parsed.status).toBe('unknownFutureValue');
    expect(classifyHandoff(parsed, 'xdr', now)).toMatchObject({
      rule: 'partnerOpen',
      owner: 'partner',
      area: 'incidentInvestigation',
      partnerAction: { kind: 'triage' },
    });
  });

  it('are open for hunting-generated incidents too', () => {
    expect(classify({ status: 'unknownFutureValue', alerts: [huntingAlert] }).rule).toBe('huntingGenerated');
  });

  it('make an unassigned incident the partner’s to triage', () => {
    expect(classify({ status: 'unknownFutureValue' })).toMatchObject({ rule: 'partnerOpen', area: 'incidentTriage' });
  });
});

describe('redirected incidents', () => {
  it('carry redirectIncidentId, null when Graph gives none', () => {
    expect(classify({ status: 'redirected', redirectIncidentId: null }).redirectIncidentId).toBeNull();
  });

  it('are the only handoffs with a redirectIncidentId', () => {
    expect(classify({ status: 'active', redirectIncidentId: '202' }).redirectIncidentId).toBeNull();
  });
});

describe('assignedTo variants', () => {
  it.each(['Defender Experts', 'defender experts', '  DEFENDER   EXPERTS ', 'Microsoft Defender Experts', 'DefenderExperts'])(
    '%j is Defender Experts',
    (assignedTo) => {
      expect(classify({ assignedTo, status: 'inProgress' }).rule).toBe('defenderExpertsInvestigation');
    },
  );

  it.each(['Customer', 'customer', ' CUSTOMER\t'])('%j is the customer', (assignedTo) => {
    expect(classify({ assignedTo, status: 'resolved' }).rule).toBe('resolvedByDefenderExperts');
  });

  it.each(['Defender', 'Defender Experts Team', 'customers', 'analyst@contoso-mssp.com'])(
    '%j is someone else',
    (assignedTo) => {
      expect(classify({ assignedTo, status: 'inProgress' })).toMatchObject({ rule: 'partnerOpen', area: 'incidentInvestigation' });
    },
  );

  it.each(['', '   ', null])('%j is unassigned', (assignedTo) => {
    expect(classify({ assignedTo }).area).toBe('incidentTriage');
  });

  it('matches the system tag case- and whitespace-insensitively', () => {
    expect(classify({ status: 'resolved', systemTags: ['  defender  experts'] }).rule).toBe('resolvedByDefenderExperts');
    expect(classify({ status: 'resolved', systemTags: ['Defender Experts Hunting'] }).rule).toBe('closed');
  });

  it('uses the aliases it is given', () => {
    const aliases = { defenderExperts: ['MDEx Team'], customer: ['Client'] };
    const mdex = incident({ assignedTo: 'mdex team', status: 'inProgress' });
    expect(classifyHandoff(mdex, 'xdr', now, { aliases }).rule).toBe('defenderExpertsInvestigation');
    expect(classifyHandoff(mdex, 'xdr', now).rule).toBe('partnerOpen');
    const client = incident({ assignedTo: 'Client', status: 'resolved' });
    expect(classifyHandoff(client, 'xdr', now, { aliases }).rule).toBe('resolvedByDefenderExperts');
  });
});

describe('hunting detection', () => {
  it('recognises an alert from microsoftThreatExperts among others, in any case', () => {
    expect(classify({ alerts: [antivirusAlert, huntingAlert] }).rule).toBe('huntingGenerated');
    expect(classify({ alerts: [{ id: 'x', detectionSource: 'MicrosoftThreatExperts' }] }).rule).toBe('huntingGenerated');
  });

  it('ignores other detection sources and the service source', () => {
    expect(classify({ alerts: [antivirusAlert, { id: 'y', serviceSource: 'microsoftThreatExperts' }] }).rule).toBe(
      'partnerOpen',
    );
  });

  it.each([
    'Defender Experts: Suspicious PowerShell activity',
    'defender experts - hands-on-keyboard activity',
    '   Defender Experts notification',
    'DEFENDER  EXPERTS alert',
  ])('recognises the title %j', (displayName) => {
    expect(classify({ displayName }).rule).toBe('huntingGenerated');
  });

  it.each(['Alert raised by Defender Experts', 'Defender Expert notice', 'DefenderExperts hunt', null])(
    'does not take the title %j as hunting-generated',
    (displayName) => {
      expect(classify({ displayName }).rule).toBe('partnerOpen');
    },
  );
});

describe('time in step', () => {
  it('counts an active incident from its creation', () => {
    const handoff = classify({ status: 'active' });
    expect(handoff.stepSince).toBe('2024-03-01T08:00:00.000Z');
    expect(handoff.timeInStepMs).toBe(4 * hour);
  });

  it('counts any other status from the last update', () => {
    const handoff = classify({ status: 'awaitingAction' });
    expect(handoff.stepSince).toBe('2024-03-01T10:00:00.000Z');
    expect(handoff.timeInStepMs).toBe(2 * hour);
    expect(classify({ status: 'inProgress', assignedTo: 'Defender Experts' }).timeInStepMs).toBe(2 * hour);
  });

  it('falls back to creation without a last update, and never goes before creation', () => {
    expect(classify({ status: 'inProgress', lastUpdateDateTime: null }).stepSince).toBe('2024-03-01T08:00:00.000Z');
    expect(classify({ status: 'inProgress', lastUpdateDateTime: '2024-02-01T00:00:00Z' }).stepSince).toBe(
      '2024-03-01T08:00:00.000Z',
    );
  });

  it('normalises offsets and 7-digit fractions to a UTC ISO string', () => {
    expect(
      classify({ status: 'inProgress', lastUpdateDateTime: '2024-03-01T11:30:00.1234567+01:00' }).stepSince,
    ).toBe('2024-03-01T10:30:00.123Z');
  });

  it('is never negative when the local clock is behind Graph', () => {
    const handoff = classifyHandoff(incident(), 'xdr', new Date('2024-03-01T07:00:00Z'));
    expect(handoff.timeInStepMs).toBe(0);
    expect(handoff.stepSince).toBe('2024-03-01T08:00:00.000Z');
  });

  it('is 0, not NaN, for an invalid now', () => {
    expect(classifyHandoff(incident(), 'xdr', new Date(Number.NaN)).timeInStepMs).toBe(0);
  });
});

describe('identity fields', () => {
  it('carries the incident and tenant ids', () => {
    expect(classify({ id: '777' })).toMatchObject({ incidentId: '777', tenantId });
    expect(classify({ tenantId: null }).tenantId).toBeNull();
  });
});

/** One fixture per situation; every rule must be reached by at least one. */
const ruleFixtures: { name: string; service: TenantService; overrides: Record<string, unknown>; rule: HandoffRuleId }[] = [
  { name: 'merged', service: 'xdr', overrides: { status: 'redirected', redirectIncidentId: '5' }, rule: 'redirected' },
  { name: 'awaiting action', service: 'xdr', overrides: { status: 'awaitingAction' }, rule: 'awaitingAction' },
  { name: 'hunting alert', service: 'hunting', overrides: { alerts: [huntingAlert] }, rule: 'huntingGenerated' },
  { name: 'hunting title', service: 'xdr', overrides: { displayName: 'Defender Experts: x' }, rule: 'huntingGenerated' },
  { name: 'with DE, active', service: 'xdr', overrides: { assignedTo: 'Defender Experts' }, rule: 'defenderExpertsTriage' },
  {
    name: 'with DE, in progress',
    service: 'xdr',
    overrides: { assignedTo: 'Defender Experts', status: 'inProgress' },
    rule: 'defenderExpertsInvestigation',
  },
  {
    name: 'resolved by DE',
    service: 'xdr',
    overrides: { status: 'resolved', systemTags: ['Defender Experts'] },
    rule: 'resolvedByDefenderExperts',
  },
  { name: 'unassigned', service: 'xdr', overrides: {}, rule: 'partnerOpen' },
  { name: 'no service', service: 'none', overrides: { status: 'awaitingAction' }, rule: 'partnerOpen' },
  { name: 'resolved', service: 'xdr', overrides: { status: 'resolved' }, rule: 'closed' },
];

describe('rule coverage', () => {
  it.each(ruleFixtures)('$name → $rule', ({ service, overrides, rule }) => {
    expect(classify(overrides, service).rule).toBe(rule);
  });

  it('has no unreachable rule: every rule id is matched by a fixture', () => {
    const matched = new Set(ruleFixtures.map(({ service, overrides }) => classify(overrides, service).rule));
    expect([...matched].sort()).toEqual(handoffRules.map((rule) => rule.id).sort());
  });

  it('produces handoffs that satisfy handoffSchema', () => {
    for (const { service, overrides } of ruleFixtures) {
      const handoff = classify(overrides, service);
      expect(handoffSchema.parse(handoff)).toEqual(handoff);
    }
  });
});

describe('countsTowardBadge', () => {
  const act = classify({ status: 'awaitingAction' });
  const review = classify({ status: 'resolved', assignedTo: 'Customer' });
  const unassigned = classify({});
  const assignedElsewhere = classify({ assignedTo: 'analyst@contoso-mssp.com' });
  const withDefenderExperts = classify({ assignedTo: 'Defender Experts' });
  const closed = classify({ status: 'resolved' });

  it('counts only actions by default', () => {
    expect([act, review, unassigned, assignedElsewhere, withDefenderExperts, closed].map((h) => countsTowardBadge(h))).toEqual(
      [true, false, false, false, false, false],
    );
  });

  it('adds reviews when asked', () => {
    expect(countsTowardBadge(review, { includeReviews: true })).toBe(true);
    expect(countsTowardBadge(unassigned, { includeReviews: true })).toBe(false);
  });

  it('adds unassigned incidents, not incidents someone already took, when asked', () => {
    expect(countsTowardBadge(unassigned, { includeUnassigned: true })).toBe(true);
    expect(countsTowardBadge(assignedElsewhere, { includeUnassigned: true })).toBe(false);
    expect(countsTowardBadge(review, { includeUnassigned: true })).toBe(false);
  });

  it('never counts steps that are not the partner’s', () => {
    const everything = { includeReviews: true, includeUnassigned: true };
    expect(countsTowardBadge(withDefenderExperts, everything)).toBe(false);
    expect(countsTowardBadge(closed, everything)).toBe(false);
  });
});

describe('countHandoffs', () => {
  it('counts by owner, action kind and area', () => {
    const handoffs = [
      classify({ status: 'awaitingAction' }),
      classify({ alerts: [huntingAlert] }),
      classify({ status: 'resolved', assignedTo: 'Customer' }),
      classify({ assignedTo: 'Defender Experts' }),
      classify({ assignedTo: 'Defender Experts', status: 'inProgress' }),
      classify({}),
      classify({ assignedTo: 'analyst@contoso-mssp.com' }),
      classify({ status: 'resolved' }),
      classify({ status: 'redirected' }),
    ];
    const summary = countHandoffs(handoffs);
    expect(summary).toEqual({
      awaitingYou: 2,
      reviews: 1,
      withDefenderExperts: 2,
      partnerTriage: 2,
      unassigned: 1,
      closed: 1,
      merged: 1,
      total: 9,
      byArea: {
        incidentRemediation: 1,
        hunting: 1,
        incidentInvestigation: 3,
        incidentTriage: 2,
        closed: 1,
        merged: 1,
      },
    });
    expect(handoffCountsSchema.parse(summary)).toEqual(summary);
  });

  it('is all zeros for no incidents', () => {
    expect(countHandoffs([])).toEqual({
      awaitingYou: 0,
      reviews: 0,
      withDefenderExperts: 0,
      partnerTriage: 0,
      unassigned: 0,
      closed: 0,
      merged: 0,
      total: 0,
      byArea: {},
    });
  });
});

describe('handoffAreaTitle', () => {
  it('names matrix areas as the reference does, and the two extra states', () => {
    expect(handoffAreaTitle('incidentRemediation')).toBe('Incident remediation');
    expect(handoffAreaTitle('merged')).toBe('Merged');
    expect(handoffAreaTitle('closed')).toBe('Closed');
  });
});
