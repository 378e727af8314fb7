import type { BackgroundRequest } from '../messages/background-requests';
import type { MessageSenderFacts, RequestAuthorization } from './authorize-request';
import { errorMessage } from '../portal/error-message';

/**
 * The worker's `runtime.onMessage` listener, in the order that protects customers' tenants: a message
 * addressed to another context (the offscreen auth host) is left alone; anything else is parsed against
 * the request contract, then authorised by who sent it (SECURITY.md, threats 1 and 10), and only then
 * handled. A portal tab that asked is remembered, so it is told when its tenant's cache changes.
 * Kept out of `entrypoints/background.ts` so the wiring itself is unit-tested with fake senders.
 */

/** The parts of `runtime.MessageSender` the listener reads. */
export interface ListenerSender {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string };
}

export type ParseResult = { success: true; data: BackgroundRequest } | { success: false };

export interface MessageListenerDeps {
  /** The request contract (backgroundRequestSchema.safeParse in the worker). */
  parse: (message: unknown) => ParseResult;
  authorize: (request: BackgroundRequest, sender: MessageSenderFacts, extension: { id: string; origin: string }) => RequestAuthorization;
  handle: (request: BackgroundRequest) => Promise<unknown>;
  portalTabs: { remember: (tabId: number, tenantId: string | null) => Promise<void> | void };
  extension: { id: string; origin: string };
}

export const notUnderstood = { ok: false, error: 'Handoff did not understand that request.' } as const;

/** undefined: not for the worker (another listener answers); otherwise the answer to send back. */
export function createMessageListener(deps: MessageListenerDeps) {
  return (message: unknown, sender: ListenerSender): Promise<unknown> | undefined => {
    const envelope = message as { target?: unknown } | null;
    if (envelope?.target !== undefined) return undefined; // addressed to another context (the auth host)
    const parsed = deps.parse(message);
    if (!parsed.success) return Promise.resolve(notUnderstood);
    const request = parsed.data;
    const allowed = deps.authorize(request, { id: sender.id, url: sender.url, tabUrl: sender.tab?.url }, deps.extension);
    if (!allowed.ok) return Promise.resolve({ ok: false, error: allowed.reason });
    // A portal tab that asked is told when its tenant's cache changes (chips and panel follow).
    // A multitenant portal tab reads many tenants: remembered with null, it is told of every tenant's changes.
    // A request about no tenant (the panel's UI state) says nothing of the tab's tenant: not remembered by it.
    if (allowed.from === 'portalTab' && sender.tab?.id !== undefined && ('tenantId' in request || allowed.multitenant === true)) {
      const tenant = allowed.multitenant !== true && 'tenantId' in request ? request.tenantId : null;
      void deps.portalTabs.remember(sender.tab.id, tenant);
    }
    return deps.handle(request).catch((error: unknown) => ({
      ok: false,
      error: errorMessage(error),
    }));
  };
}
