import { describe, expect, it, vi } from 'vitest';
import { authorizeRequest } from '@/utils/background/authorize-request';
import { createMessageListener, notUnderstood, type ListenerSender } from '@/utils/background/message-listener';
import { backgroundRequestSchema } from '@/utils/messages/background-requests';

/**
 * The worker's onMessage listener as the worker wires it (the real contract and authorisation), with
 * fake senders: who may ask what is decided here, before any handler runs (SECURITY.md, threat 10).
 */

const extension = { id: 'abcdefghijklmnopabcdefghijklmnop', origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/' };
const contoso = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const fabrikam = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const portalUrl = (tid: string | null, origin = 'https://security.microsoft.com') =>
  `${origin}/incident2/1002/overview${tid ? `?tid=${tid}` : ''}`;
/** A content script's sender: the frame's URL and its tab (id and URL). */
const portalTab = (tid: string | null, tabId = 7, origin?: string): ListenerSender => ({
  id: extension.id,
  url: portalUrl(tid, origin),
  tab: { id: tabId, url: portalUrl(tid, origin) },
});
const optionsPage: ListenerSender = { id: extension.id, url: `${extension.origin}options.html` };

function listener() {
  const handle = vi.fn(async (request: { type: string }) => ({ ok: true, handled: request.type }));
  const portalTabs = { remember: vi.fn(async () => undefined) };
  const listen = createMessageListener({
    parse: (message) => backgroundRequestSchema.safeParse(message),
    authorize: authorizeRequest,
    handle,
    portalTabs,
    extension,
  });
  return { listen, handle, portalTabs };
}

const readContoso = { type: 'getTenantHandoffs', tenantId: contoso } as const;
const readOwnTenant = { type: 'getTenantHandoffs', tenantId: null } as const;

describe('the worker’s message listener', () => {
  it('hands an extension page’s request to the handler and answers with its result', async () => {
    const { listen, handle, portalTabs } = listener();
    await expect(listen({ type: 'refreshNow' }, optionsPage)).resolves.toEqual({ ok: true, handled: 'refreshNow' });
    expect(handle).toHaveBeenCalledWith({ type: 'refreshNow' });
    expect(portalTabs.remember).not.toHaveBeenCalled();
  });

  it('lets a portal tab read its own tenant, and remembers the tab with that tenant', async () => {
    const { listen, handle, portalTabs } = listener();
    await expect(listen(readContoso, portalTab(contoso, 12))).resolves.toEqual({ ok: true, handled: 'getTenantHandoffs' });
    expect(handle).toHaveBeenCalledTimes(1);
    expect(portalTabs.remember).toHaveBeenCalledWith(12, contoso);
  });

  it('lets a portal tab read and set the panel’s UI state, without remembering the tab for no tenant', async () => {
    const { listen, handle, portalTabs } = listener();
    await expect(listen({ type: 'setUiState', panelCollapsed: true }, portalTab(contoso, 12))).resolves.toEqual({ ok: true, handled: 'setUiState' });
    await expect(listen({ type: 'getUiState' }, portalTab(contoso, 12))).resolves.toEqual({ ok: true, handled: 'getUiState' });
    expect(handle).toHaveBeenCalledTimes(2);
    expect(portalTabs.remember).not.toHaveBeenCalled();
    // Only the one field, and a boolean.
    await expect(listen({ type: 'setUiState', panelCollapsed: 'yes' }, portalTab(contoso, 12))).resolves.toEqual(notUnderstood);
    expect(handle).toHaveBeenCalledTimes(2);
  });

  it('does not remember an extension page opened in a tab as a portal tab', async () => {
    const { listen, handle, portalTabs } = listener();
    const optionsTab = { ...optionsPage, tab: { id: 3, url: `${extension.origin}options.html` } };
    await expect(listen(readContoso, optionsTab)).resolves.toEqual({ ok: true, handled: 'getTenantHandoffs' });
    expect(handle).toHaveBeenCalledTimes(1);
    expect(portalTabs.remember).not.toHaveBeenCalled();
  });

  it('answers a portal frame that has no tab (nothing to tell later), without remembering it', async () => {
    const { listen, portalTabs } = listener();
    await expect(listen(readContoso, { id: extension.id, url: portalUrl(contoso) })).resolves.toEqual({ ok: true, handled: 'getTenantHandoffs' });
    expect(portalTabs.remember).not.toHaveBeenCalled();
  });

  it.each<[string, unknown, ListenerSender, RegExp]>([
    ['another extension', { type: 'signIn' }, { id: 'otherextensionidotherextensionid', url: 'chrome-extension://otherextensionidotherextensionid/x.html' }, /another extension/],
    ['a web page (externally connectable or a spoofed id)', readOwnTenant, { url: 'https://evil.example/' }, /another extension/],
    ['a content script on another site', readOwnTenant, { id: extension.id, url: 'https://evil.example/', tab: { id: 3, url: 'https://evil.example/' } }, /only on the Defender portal/],
    ['a portal page served over http:', readOwnTenant, portalTab(null, 4, 'http://security.microsoft.com'), /only on the Defender portal/],
    ['a look-alike host', readOwnTenant, portalTab(null, 4, 'https://security.microsoft.com.evil.example'), /only on the Defender portal/],
    ['a portal tab reading another tenant than its page', { type: 'getTenantHandoffs', tenantId: fabrikam }, portalTab(contoso), /only read or change the tenant it shows/],
    ['a portal tab reading its default tenant while it shows another', readOwnTenant, portalTab(contoso), /only read or change the tenant it shows/],
    [
      'a content script whose frame names one tenant inside a tab of another',
      readContoso,
      { id: extension.id, url: portalUrl(contoso), tab: { id: 5, url: portalUrl(fabrikam) } },
      /only read or change the tenant it shows/,
    ],
    ['a portal tab asking to sign in', { type: 'signIn' }, portalTab(contoso), /may not ask for signIn/],
    ['a portal tab forcing a sync', { type: 'refreshNow' }, portalTab(null), /may not ask for refreshNow/],
    [
      'a portal tab answering a destructive write’s confirmation',
      { type: 'answerPendingWrite', token: '0b5c1f0e-8a0e-4d7c-9a3f-2f1e7d6c5b4a', approved: true },
      portalTab(contoso),
      /may not ask for answerPendingWrite/,
    ],
    ['a sender with no URL', readOwnTenant, { id: extension.id }, /unknown context/],
    ['a tab whose tenant is unusable', readOwnTenant, portalTab('not-a-guid'), /Nothing is read or changed here\.$/],
  ])('refuses %s without calling the handler or remembering the tab', async (_who, message, sender, reason) => {
    const { listen, handle, portalTabs } = listener();
    const answer = await listen(message, sender);
    expect(answer).toEqual({ ok: false, error: expect.stringMatching(reason) });
    expect(handle).not.toHaveBeenCalled();
    expect(portalTabs.remember).not.toHaveBeenCalled();
  });

  it('refuses a write for another tenant than the tab shows', async () => {
    const { listen, handle } = listener();
    const shown = { status: 'active', assignedTo: null, lastUpdateDateTime: '2026-11-27T10:00:00Z' };
    const write = { type: 'assignIncidentToMe', tenantId: fabrikam, incidentId: '2004', shown };
    expect(await listen(write, portalTab(contoso))).toEqual({ ok: false, error: 'A portal page may only read or change the tenant it shows.' });
    expect(handle).not.toHaveBeenCalled();
  });

  it('answers a request outside the contract without authorising or handling it', async () => {
    const { listen, handle } = listener();
    for (const message of [null, 'signIn', { type: 'deleteEverything' }, { type: 'getTenantHandoffs', tenantId: 'not-a-guid' }]) {
      expect(await listen(message, optionsPage)).toEqual(notUnderstood);
    }
    expect(handle).not.toHaveBeenCalled();
  });

  it('leaves a message addressed to another context (the offscreen auth host) to its listener', () => {
    const { listen, handle } = listener();
    expect(listen({ target: 'offscreen', type: 'acquireSilent' }, optionsPage)).toBeUndefined();
    expect(handle).not.toHaveBeenCalled();
  });

  it('answers a handler’s failure as an error, never a rejection', async () => {
    const { listen, handle } = listener();
    handle.mockRejectedValueOnce(new Error('Enter the application (client) ID first.'));
    await expect(listen({ type: 'signIn' }, optionsPage)).resolves.toEqual({ ok: false, error: 'Enter the application (client) ID first.' });
    handle.mockRejectedValueOnce('plain text');
    await expect(listen({ type: 'signIn' }, optionsPage)).resolves.toEqual({ ok: false, error: 'plain text' });
  });
});

describe('the worker’s message listener: which tabs are told of cache changes', () => {
  it('remembers a tab the authorisation calls multitenant for every tenant (null), whatever tenant it read', async () => {
    const portalTabs = { remember: vi.fn(async () => undefined) };
    const listen = createMessageListener({
      parse: (message) => backgroundRequestSchema.safeParse(message),
      authorize: () => ({ ok: true, from: 'portalTab', multitenant: true }) as ReturnType<typeof authorizeRequest>,
      handle: async () => ({ ok: true }),
      portalTabs,
      extension,
    });
    await listen(readContoso, { id: extension.id, url: 'https://mto.security.microsoft.com/incidents', tab: { id: 21, url: 'https://mto.security.microsoft.com/incidents' } });
    expect(portalTabs.remember).toHaveBeenCalledWith(21, null);
  });
});
