import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { authorizeRequest } from '@/utils/background/authorize-request';
import { createMessageListener, type ListenerSender } from '@/utils/background/message-listener';
import { createPortalTabs } from '@/utils/background/portal-tabs';
import { backgroundRequestSchema } from '@/utils/messages/background-requests';

/**
 * A multitenant portal tab reads many tenants: the worker must tell it of a change of ANY tenant it
 * read, not only of the last one it asked for (the listener remembers it with no single tenant).
 */

const extension = { id: 'abcdefghijklmnopabcdefghijklmnop', origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/' };
const contoso = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const fabrikam = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const mtoTab: ListenerSender = {
  id: extension.id,
  url: 'https://mto.security.microsoft.com/incidents',
  tab: { id: 21, url: 'https://mto.security.microsoft.com/incidents' },
};
const contosoTab: ListenerSender = {
  id: extension.id,
  url: `https://security.microsoft.com/incidents?tid=${contoso}`,
  tab: { id: 22, url: `https://security.microsoft.com/incidents?tid=${contoso}` },
};

describe('a multitenant portal tab and the cache changes it is told of', () => {
  beforeEach(() => fakeBrowser.reset());

  it('hears every tenant it read, while a tenant portal tab still hears only its own', async () => {
    const sent: [number, string][] = [];
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation(async (tabId: number, message: unknown) => {
      sent.push([tabId, (message as { tenant: string }).tenant]);
    });
    const portalTabs = createPortalTabs();
    const remembered: Promise<void>[] = [];
    const listen = createMessageListener({
      parse: (message) => backgroundRequestSchema.safeParse(message),
      authorize: authorizeRequest,
      handle: async () => ({ ok: true }),
      portalTabs: { remember: (tabId, tenant) => void remembered.push(portalTabs.remember(tabId, tenant)) },
      extension,
    });
    await listen({ type: 'getTenantDirectory' }, mtoTab);
    await listen({ type: 'getTenantHandoffs', tenantId: contoso }, mtoTab);
    await listen({ type: 'getTenantHandoffs', tenantId: fabrikam }, mtoTab);
    await listen({ type: 'getTenantHandoffs', tenantId: contoso }, contosoTab);
    await Promise.all(remembered);
    expect(remembered).toHaveLength(4);

    await portalTabs.broadcast({ type: 'handoffCacheChanged', tenant: contoso });
    await portalTabs.broadcast({ type: 'handoffCacheChanged', tenant: fabrikam });
    expect(sent.sort()).toEqual([
      [21, contoso],
      [21, fabrikam],
      [22, contoso],
    ]);
  });

  it('remembers nothing for a refused request (a write from the multitenant portal)', async () => {
    const remember = vi.fn(async () => undefined);
    const listen = createMessageListener({
      parse: (message) => backgroundRequestSchema.safeParse(message),
      authorize: authorizeRequest,
      handle: async () => ({ ok: true }),
      portalTabs: { remember },
      extension,
    });
    const shown = { status: 'active', assignedTo: null, lastUpdateDateTime: null };
    const answer = await listen({ type: 'assignIncidentToMe', tenantId: contoso, incidentId: '1002', shown }, mtoTab);
    expect(answer).toEqual({ ok: false, error: expect.stringContaining('may only read') });
    expect(remember).not.toHaveBeenCalled();
  });
});
