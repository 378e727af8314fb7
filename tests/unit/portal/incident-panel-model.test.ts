import { describe, expect, it } from 'vitest';
import { incidentPanelModel, safeTeamsChannelUrl } from '@/utils/portal/incident-panel-model';
import type { IncidentView } from '@/utils/messages/portal-answers';

const contosoTid = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const now = Date.parse('2026-11-27T12:00:00Z');

function view(overrides: Partial<IncidentView> = {}): IncidentView {
  return {
    tenant: { tenantId: contosoTid, displayName: 'Contoso', service: 'xdr', teamsChannelUrl: null, color: '#0f6cbd' },
    status: { state: 'ok', message: null },
    incident: {
      incident: {
        id: '1002',
        displayName: 'Multi-stage incident',
        status: 'awaitingAction',
        severity: 'high',
        classification: 'truePositive',
        determination: 'multiStagedAttack',
        assignedTo: 'Customer',
        createdDateTime: '2026-11-25T19:00:00Z',
        lastUpdateDateTime: '2026-11-27T09:00:00Z',
        redirectIncidentId: null,
        customTags: [],
        description: null,
        recommendedActions: null,
        recommendedHuntingQueries: [],
      },
      handoff: {
        incidentId: '1002',
        owner: 'partner',
        area: 'incidentRemediation',
        inDefenderExpertsScope: true,
        partnerAction: { kind: 'act', text: 'Act on the remediation actions, then resolve the incident' },
        redirectIncidentId: null,
        stepSince: '2026-11-27T09:00:00.000Z',
      },
    },
    duties: {
      title: 'Incident remediation',
      defenderExperts: ['If given the Security operator role: Respond with remediation actions.'],
      partner: ['Act on and resolve incidents awaiting remediation actions.'],
      partnerNote: 'Partners can act on incidents awaiting remediation actions on behalf of customer.',
      portalOnly: false,
    },
    writeAccess: { allowed: true, reason: null },
    username: 'analyst@woodgrove-mssp.example',
    comments: null,
    ...overrides,
  };
}

describe('incident panel model', () => {
  it('says whose move it is, at which step, for how long, and what is the partner’s to do', () => {
    const model = incidentPanelModel(view(), { pageTenantId: contosoTid, now })!;
    expect(model.owner).toEqual({ kind: 'partner', label: 'You', headline: 'Your move' });
    expect(model.step).toEqual({
      title: 'Incident remediation',
      area: 'incidentRemediation',
      timeInStep: '3 hours',
      since: '2026-11-27T09:00:00.000Z',
      sinceText: '2026-11-27 09:00 UTC',
    });
    expect(model.scope).toBe("In Defender Experts' scope");
    expect(model.partnerAction).toEqual({ kind: 'Act', text: 'Act on the remediation actions, then resolve the incident' });
    expect(model.duties?.partner).toEqual(['Act on and resolve incidents awaiting remediation actions.']);
    expect(model.incident.status).toBe('Awaiting Customer Action');
    expect(model.version).toEqual({ status: 'awaitingAction', assignedTo: 'Customer', lastUpdateDateTime: '2026-11-27T09:00:00Z' });
    expect(model.actions.resolve).toEqual({ state: 'enabled' });
    expect(model.actions.openHuntingQuery).toEqual({ state: 'enabled' });
    expect(model.summaryMarkdown).toContain('### Incident 1002: Multi-stage incident');
  });

  it('answers first: a top card with owner and verb, time in step, what to do and one line of facts, each said once', () => {
    const model = incidentPanelModel(view(), { pageTenantId: contosoTid, now })!;
    expect(model.card).toEqual({
      headline: 'Your move · Act',
      verb: 'act',
      assignee: { kind: 'unassigned', text: null },
      waiting: '3 hours in step',
      todo: 'Act on the remediation actions, then resolve the incident',
      facts: "Contoso · Defender Experts for XDR · In Defender Experts' scope",
      pill: 'Your move · Act · 3 h · Contoso',
      whyLabel: 'Why is this ours?',
    });
  });

  it('names the step for Defender Experts’ move, closed and merged incidents, and says the service once', () => {
    const theirs = view();
    theirs.incident!.handoff = { ...theirs.incident!.handoff, owner: 'defenderExperts', area: 'incidentInvestigation', partnerAction: null };
    const experts = incidentPanelModel({ ...theirs, duties: { ...theirs.duties!, title: 'Incident investigation' } }, { pageTenantId: contosoTid, now })!;
    expect(experts.card).toMatchObject({
      headline: 'Defender Experts’ move · Investigation',
      verb: null,
      todo: 'Nothing for you right now.',
      pill: 'Defender Experts’ move · Investigation · 3 h · Contoso',
      whyLabel: 'Why is this theirs?',
    });

    const closed = view({ duties: null });
    closed.incident!.handoff = { ...closed.incident!.handoff, owner: 'none', area: 'closed', partnerAction: null };
    expect(incidentPanelModel(closed, { pageTenantId: contosoTid, now })!.card).toMatchObject({
      headline: 'Nobody’s move · Closed',
      waiting: null,
      todo: 'Closed: nothing to do.',
      pill: 'Nobody’s move · Closed · Contoso',
      whyLabel: 'Who does what',
    });

    const noService = view({ tenant: { ...view().tenant!, displayName: 'Northwind Traders', service: 'none' } });
    expect(incidentPanelModel(noService, { pageTenantId: contosoTid, now })!.card.facts).toBe(
      'Northwind Traders · Yours: this tenant has no Defender Experts service',
    );
  });

  it('links with the page’s tid, or the tenant’s GUID on the default tenant; never without a tenant it knows', () => {
    expect(incidentPanelModel(view(), { pageTenantId: contosoTid, now })?.deepLink).toBe(
      `https://security.microsoft.com/incident2/1002/overview?tid=${contosoTid}`,
    );
    expect(incidentPanelModel(view(), { pageTenantId: null, now })?.deepLink).toBe(
      `https://security.microsoft.com/incident2/1002/overview?tid=${contosoTid}`,
    );
    // A tenant added by domain and not yet resolved: the link has no tid (the analyst's default tenant).
    const byDomain = view({ tenant: { ...view().tenant!, tenantId: 'contoso.example' } });
    expect(incidentPanelModel(byDomain, { pageTenantId: null, now })?.deepLink).toBe('https://security.microsoft.com/incident2/1002/overview');
  });

  it('offers the portal-only places the tenant’s service has', () => {
    const places = (service: 'xdr' | 'hunting' | 'none') =>
      incidentPanelModel(view({ tenant: { ...view().tenant!, service } }), { pageTenantId: contosoTid, now })?.portalOnlyLinks.map(
        (link) => link.place,
      );
    expect(places('xdr')).toEqual(['managedResponse', 'askDefenderExperts']);
    expect(places('hunting')).toEqual(['askDefenderExperts']);
    expect(places('none')).toEqual([]);
  });

  it('links Teams only on teams.microsoft.com', () => {
    expect(safeTeamsChannelUrl('https://teams.microsoft.com/l/channel/19%3Ax/General')).toBe('https://teams.microsoft.com/l/channel/19%3Ax/General');
    expect(safeTeamsChannelUrl('javascript:alert(1)')).toBeNull();
    expect(safeTeamsChannelUrl('https://teams.microsoft.com.evil.example/')).toBeNull();
    expect(safeTeamsChannelUrl('not a url')).toBeNull();
    expect(safeTeamsChannelUrl(null)).toBeNull();
  });

  it('points a merged incident at the one it went into, and has no model without a tenant or an incident', () => {
    const merged = view();
    merged.incident!.handoff = { ...merged.incident!.handoff, owner: 'none', area: 'merged', partnerAction: null, redirectIncidentId: '1001' };
    merged.incident!.incident = { ...merged.incident!.incident, status: 'redirected', redirectIncidentId: '1001' };
    merged.duties = null; // the matrix has no row for a merged incident
    const model = incidentPanelModel(merged, { pageTenantId: contosoTid, now })!;
    expect(model.mergedInto).toEqual({ incidentId: '1001', url: `https://security.microsoft.com/incident2/1001/overview?tid=${contosoTid}` });
    expect(model.step.timeInStep).toBeNull();
    expect(model.card.headline).toBe('Nobody’s move · Merged');
    expect(model.card.todo).toBeNull();
    expect(model.actions.comment).toEqual({ state: 'disabled', reason: 'Merged into incident 1001: act there.' });
    expect(incidentPanelModel(view({ tenant: null }), { pageTenantId: contosoTid, now })).toBeNull();
    expect(incidentPanelModel(view({ incident: null }), { pageTenantId: contosoTid, now })).toBeNull();
  });

  it('reports a sync problem of the tenant in words', () => {
    const model = incidentPanelModel(view({ status: { state: 'throttled', message: null } }), { pageTenantId: contosoTid, now });
    expect(model?.syncProblem).toMatch(/throttling/);
  });
});
