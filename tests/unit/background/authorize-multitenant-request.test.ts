import { describe, expect, it } from 'vitest';
import { authorizeRequest } from '@/utils/background/authorize-request';
import { backgroundRequestSchema, type BackgroundRequest } from '@/utils/messages/background-requests';

/**
 * The multitenant portal (mto.security.microsoft.com) may only read, each read for a named tenant
 * (SECURITY.md, threat 10). Every request type of the contract is tried from a multitenant tab.
 */

const extension = { id: 'abcdefghijklmnopabcdefghijklmnop', origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/' };
const contoso = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const mtoTab = (url = 'https://mto.security.microsoft.com/incidents') => ({ id: extension.id, url, tabUrl: url });
const shown = { status: 'active', assignedTo: null, lastUpdateDateTime: '2026-11-27T10:00:00Z' } as const;
const taskShown = { status: 'open', lastModifiedDateTime: null, actionStatus: null } as const;
const target = { tenantId: contoso, incidentId: '1002' };

const requests: Record<BackgroundRequest['type'], BackgroundRequest> = {
  refreshNow: { type: 'refreshNow' },
  signIn: { type: 'signIn' },
  signOut: { type: 'signOut' },
  listGdapCustomers: { type: 'listGdapCustomers' },
  getIncidentHandoff: { type: 'getIncidentHandoff', ...target },
  getTenantHandoffs: { type: 'getTenantHandoffs', tenantId: contoso },
  getTenantDirectory: { type: 'getTenantDirectory' },
  assignIncidentToMe: { type: 'assignIncidentToMe', ...target, shown },
  resolveIncident: {
    type: 'resolveIncident',
    ...target,
    shown,
    classification: 'truePositive',
    determination: 'malware',
    comment: 'Cleaned.',
  },
  commentOnIncident: { type: 'commentOnIncident', ...target, shown, comment: 'Looked at it.' },
  markIncidentReviewed: { type: 'markIncidentReviewed', ...target, shown },
  refreshIncident: { type: 'refreshIncident', ...target },
  getIncidentTasks: { type: 'getIncidentTasks', ...target },
  completeIncidentTask: { type: 'completeIncidentTask', ...target, taskId: '1002-1', shown: taskShown },
  runIncidentTaskAction: { type: 'runIncidentTaskAction', ...target, taskId: '1002-1', shown: taskShown },
  getHuntingGuidance: { type: 'getHuntingGuidance', ...target },
  getUiState: { type: 'getUiState' },
  setUiState: { type: 'setUiState', panelCollapsed: true },
  openAddTenant: { type: 'openAddTenant', tenantId: contoso },
  getPendingWrite: { type: 'getPendingWrite', token: '0f8fad5b-d9cb-469f-a165-70867728950e' },
  answerPendingWrite: { type: 'answerPendingWrite', token: '0f8fad5b-d9cb-469f-a165-70867728950e', approved: true },
  // Hunting (issue 16): the multitenant portal may send none of them, not even "Run in all my tenants".
  startHunt: { type: 'startHunt', query: 'DeviceInfo | take 1', timespan: 'P7D', tenantKeys: [contoso], source: null },
  cancelHunt: { type: 'cancelHunt', runId: '11111111-1111-4111-8111-111111111111' },
  getHuntRun: { type: 'getHuntRun', runId: '11111111-1111-4111-8111-111111111111' },
  rerunHuntTenants: { type: 'rerunHuntTenants', runId: '11111111-1111-4111-8111-111111111111', tenantKeys: [contoso] },
  openHuntFromIncident: { type: 'openHuntFromIncident', ...target, queryIndex: 0 },
  getHuntDraft: { type: 'getHuntDraft', draftId: '44444444-4444-4444-8444-444444444444' },
};

describe('authorizeRequest from the multitenant portal', () => {
  it('lets it read the tenant names and any named tenant’s handoffs, and marks the tab as multitenant', () => {
    expect(authorizeRequest(requests.getTenantDirectory, mtoTab(), extension)).toEqual({ ok: true, from: 'portalTab', multitenant: true });
    expect(authorizeRequest(requests.getTenantHandoffs, mtoTab(), extension)).toEqual({ ok: true, from: 'portalTab', multitenant: true });
    // Its incident list under another path, with a flyout's query.
    expect(authorizeRequest(requests.getTenantHandoffs, mtoTab('https://mto.security.microsoft.com/incidents/1002?x=1'), extension).ok).toBe(true);
  });

  it('refuses every write and everything else it has no use for: quick actions stay on the tenant portal', () => {
    const allowed = new Set(['getTenantDirectory', 'getTenantHandoffs']);
    for (const [type, request] of Object.entries(requests)) {
      expect(backgroundRequestSchema.safeParse(request).success, type).toBe(true);
      const answer = authorizeRequest(request, mtoTab(), extension);
      expect(answer.ok, type).toBe(allowed.has(type));
      if (!answer.ok) expect(answer.reason).toMatch(/multitenant portal may only read/);
    }
  });

  it('refuses a read for "the default tenant": the multitenant page has none', () => {
    expect(authorizeRequest({ type: 'getTenantHandoffs', tenantId: null }, mtoTab(), extension)).toEqual({
      ok: false,
      reason: expect.stringContaining('no tenant of its own'),
    });
  });

  it('is exactly https://mto.security.microsoft.com: http, another port, user info or a look-alike host get nothing', () => {
    for (const url of [
      'http://mto.security.microsoft.com/incidents',
      'https://mto.security.microsoft.com:444/incidents',
      'https://a@mto.security.microsoft.com/incidents',
      'https://mto.security.microsoft.com.evil.example/incidents',
      'https://mto-security.microsoft.com/incidents',
    ]) {
      expect(authorizeRequest(requests.getTenantHandoffs, mtoTab(url), extension).ok, url).toBe(false);
      expect(authorizeRequest(requests.getTenantDirectory, mtoTab(url), extension).ok, url).toBe(false);
    }
  });

  it('keeps the tenant names from the tenant portal’s tabs and other extensions', () => {
    const tenantTab = { id: extension.id, url: `https://security.microsoft.com/incidents?tid=${contoso}`, tabUrl: `https://security.microsoft.com/incidents?tid=${contoso}` };
    expect(authorizeRequest(requests.getTenantDirectory, tenantTab, extension).ok).toBe(false);
    expect(authorizeRequest(requests.getTenantDirectory, { ...mtoTab(), id: 'another-extension' }, extension).ok).toBe(false);
    // The tenant portal's own reads are unchanged: its tenant only, and not marked multitenant.
    expect(authorizeRequest(requests.getTenantHandoffs, tenantTab, extension)).toEqual({ ok: true, from: 'portalTab' });
  });

  it('goes by the tab’s URL, not the frame’s: a multitenant tab cannot pass as the tenant portal', () => {
    const framed = { id: extension.id, url: `https://security.microsoft.com/incidents?tid=${contoso}`, tabUrl: 'https://mto.security.microsoft.com/incidents' };
    expect(authorizeRequest(requests.assignIncidentToMe, framed, extension).ok).toBe(false);
  });
});
