import { describe, expect, it } from 'vitest';
import { authorizeRequest } from '@/utils/background/authorize-request';
import type { BackgroundRequest } from '@/utils/messages/background-requests';

const extension = { id: 'abcdefghijklmnopabcdefghijklmnop', origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/' };
const contoso = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const fabrikam = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const portalTab = (tid: string | null) => ({
  id: extension.id,
  url: `https://security.microsoft.com/incidents${tid ? `?tid=${tid}` : ''}`,
  tabUrl: `https://security.microsoft.com/incidents${tid ? `?tid=${tid}` : ''}`,
});

describe('authorizeRequest', () => {
  it('lets extension pages ask anything', () => {
    const options = { id: extension.id, url: `${extension.origin}options.html`, tabUrl: `${extension.origin}options.html` };
    expect(authorizeRequest({ type: 'signIn' }, options, extension)).toEqual({ ok: true, from: 'extensionPage' });
    expect(authorizeRequest({ type: 'listGdapCustomers' }, options, extension).ok).toBe(true);
  });

  it('refuses other extensions', () => {
    expect(authorizeRequest({ type: 'signIn' }, { id: 'other', url: 'chrome-extension://other/x.html' }, extension)).toEqual({
      ok: false,
      reason: expect.stringContaining('another extension'),
    });
  });

  it('lets a portal tab read its own tenant', () => {
    expect(
      authorizeRequest({ type: 'getIncidentHandoff', tenantId: contoso, incidentId: '1001' }, portalTab(contoso), extension),
    ).toEqual({ ok: true, from: 'portalTab' });
    expect(authorizeRequest({ type: 'getTenantHandoffs', tenantId: null }, portalTab(null), extension).ok).toBe(true);
  });

  it('refuses a portal tab reading another tenant, or the default tenant while it shows one', () => {
    expect(authorizeRequest({ type: 'getTenantHandoffs', tenantId: fabrikam }, portalTab(contoso), extension).ok).toBe(false);
    expect(authorizeRequest({ type: 'getTenantHandoffs', tenantId: null }, portalTab(contoso), extension).ok).toBe(false);
  });

  it.each([
    `tid=${contoso}&tid=${fabrikam}`,
    'tid=not-a-guid',
    `TID=${contoso}`,
    `tid={${contoso}}`,
    'tid=',
  ])('refuses every read and write from a tab whose tenant is unusable (%s), never falling back to the home tenant', (query) => {
    const url = `https://security.microsoft.com/incident2/1002/overview?${query}`;
    const sender = { id: extension.id, url, tabUrl: url };
    const read = authorizeRequest({ type: 'getTenantHandoffs', tenantId: null }, sender, extension);
    expect(read).toEqual({ ok: false, reason: expect.stringMatching(/tenant.*Nothing is read or changed here\.$/s) });
    const write = authorizeRequest(
      { type: 'commentOnIncident', tenantId: null, incidentId: '1002', comment: 'x', shown: { status: 'active', lastUpdateDateTime: '2026-11-27T10:00:00Z', assignedTo: null } },
      sender,
      extension,
    );
    expect(write.ok).toBe(false);
  });

  it('refuses account and sync actions from a portal tab', () => {
    for (const request of [{ type: 'signIn' }, { type: 'signOut' }, { type: 'listGdapCustomers' }, { type: 'refreshNow' }] as const) {
      expect(authorizeRequest(request, portalTab(contoso), extension).ok).toBe(false);
    }
  });

  it('refuses a portal tab reading or answering a destructive write’s confirmation (only the confirm window may)', () => {
    const token = '0b5c1f0e-8a0e-4d7c-9a3f-2f1e7d6c5b4a';
    for (const request of [{ type: 'getPendingWrite', token }, { type: 'answerPendingWrite', token, approved: true }] as const) {
      expect(authorizeRequest(request, portalTab(contoso), extension)).toMatchObject({ ok: false });
      expect(authorizeRequest(request, portalTab(null), extension).ok).toBe(false);
    }
    const confirmWindow = { id: extension.id, url: `${extension.origin}confirm.html?token=${token}` };
    expect(authorizeRequest({ type: 'answerPendingWrite', token, approved: true }, confirmWindow, extension)).toEqual({ ok: true, from: 'extensionPage' });
  });

  it('refuses content scripts on any other site and senders without a URL', () => {
    const elsewhere = { id: extension.id, url: 'https://security.microsoft.com.evil.example/?tid=' + contoso };
    expect(authorizeRequest({ type: 'getTenantHandoffs', tenantId: contoso }, elsewhere, extension).ok).toBe(false);
    expect(authorizeRequest({ type: 'getTenantHandoffs', tenantId: contoso }, { id: extension.id }, extension).ok).toBe(false);
  });
});

describe('authorizeRequest: quick actions from the incident panel', () => {
  const shown = { status: 'active', assignedTo: null, lastUpdateDateTime: '2026-11-27T10:00:00Z' } as const;

  it('lets a portal tab run quick actions on its own tenant', () => {
    for (const request of [
      { type: 'assignIncidentToMe', tenantId: contoso, incidentId: '1008', shown },
      { type: 'commentOnIncident', tenantId: contoso, incidentId: '1008', shown, comment: 'x' },
      {
        type: 'resolveIncident',
        tenantId: contoso,
        incidentId: '1008',
        shown,
        classification: 'falsePositive',
        determination: 'notMalicious',
        comment: 'x',
      },
      { type: 'refreshIncident', tenantId: contoso, incidentId: '1008' },
    ] as const) {
      expect(authorizeRequest(request, portalTab(contoso), extension)).toEqual({ ok: true, from: 'portalTab' });
    }
  });

  it('refuses quick actions on another tenant than the tab shows', () => {
    const request = { type: 'assignIncidentToMe', tenantId: fabrikam, incidentId: '2004', shown } as const;
    expect(authorizeRequest(request, portalTab(contoso), extension)).toEqual({
      ok: false,
      reason: 'A portal page may only read or change the tenant it shows.',
    });
    expect(authorizeRequest({ ...request, tenantId: null }, portalTab(contoso), extension).ok).toBe(false);
  });
});

describe('authorizeRequest: hunting across tenants (issue 16)', () => {
  const runId = '11111111-1111-4111-8111-111111111111';
  const draftId = '44444444-4444-4444-8444-444444444444';
  const hunting: BackgroundRequest[] = [
    { type: 'startHunt', query: 'DeviceInfo | take 1', timespan: 'P7D', tenantKeys: [contoso, fabrikam], source: null },
    { type: 'cancelHunt', runId },
    { type: 'getHuntRun', runId },
    { type: 'rerunHuntTenants', runId, tenantKeys: [contoso] },
    { type: 'getHuntDraft', draftId },
  ];
  const openHunt = (tenantId: string | null): BackgroundRequest => ({ type: 'openHuntFromIncident', tenantId, incidentId: '1003', queryIndex: 0 });

  it('lets extension pages (the Hunt page) send every hunting request', () => {
    const huntPage = { id: extension.id, url: `${extension.origin}hunt.html#draft=${draftId}`, tabUrl: `${extension.origin}hunt.html` };
    for (const request of [...hunting, openHunt(contoso)]) {
      expect(authorizeRequest(request, huntPage, extension), request.type).toEqual({ ok: true, from: 'extensionPage' });
    }
  });

  it('refuses a portal tab starting, cancelling, reading or re-running a hunt, or taking a draft', () => {
    for (const request of hunting) {
      for (const tab of [portalTab(contoso), portalTab(null)]) {
        expect(authorizeRequest(request, tab, extension), request.type).toEqual({ ok: false, reason: `A portal page may not ask for ${request.type}.` });
      }
    }
  });

  it('lets a portal tab open the Hunt page from an incident of its own tenant only', () => {
    expect(authorizeRequest(openHunt(contoso), portalTab(contoso), extension)).toEqual({ ok: true, from: 'portalTab' });
    expect(authorizeRequest(openHunt(null), portalTab(null), extension)).toEqual({ ok: true, from: 'portalTab' });
    for (const [request, tab] of [
      [openHunt(fabrikam), portalTab(contoso)],
      [openHunt(null), portalTab(contoso)],
      [openHunt(contoso), portalTab(null)],
    ] as const) {
      expect(authorizeRequest(request, tab, extension)).toEqual({ ok: false, reason: 'A portal page may only read or change the tenant it shows.' });
    }
  });

  it('refuses opening a hunt from a look-alike host or a tab whose tenant is unusable', () => {
    const elsewhere = { id: extension.id, url: `https://security.microsoft.com.evil.example/?tid=${contoso}` };
    expect(authorizeRequest(openHunt(contoso), elsewhere, extension).ok).toBe(false);
    const doubled = `https://security.microsoft.com/incident2/1003/overview?tid=${contoso}&tid=${fabrikam}`;
    expect(authorizeRequest(openHunt(contoso), { id: extension.id, url: doubled, tabUrl: doubled }, extension).ok).toBe(false);
  });
});
