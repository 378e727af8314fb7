import { contentScriptRequestTypes, multitenantPortalRequestTypes, type BackgroundRequest } from '../messages/background-requests';
import { isMultitenantPortalUrl } from '../portal/mto-portal-url';
import { parsePortalUrl } from '../portal/portal-url';

/** What the background knows about who sent a message (from runtime.onMessage's sender). */
export interface MessageSenderFacts {
  id?: string;
  url?: string;
  tabUrl?: string;
}

export type RequestAuthorization =
  | { ok: true; from: 'extensionPage' | 'portalTab'; /** A multitenant portal tab: it reads many tenants, one per row. */ multitenant?: true }
  | { ok: false; reason: string };

/**
 * Extension pages (popup, options) may ask anything. A content script may only read its incidents and
 * run the panel's quick actions (contentScriptRequestTypes), and only for the tenant its own portal tab
 * shows: the tenant comes from the tab's URL, never from the message alone. A multitenant portal tab
 * only reads (authorizeMultitenantTab).
 */
export function authorizeRequest(
  request: BackgroundRequest,
  sender: MessageSenderFacts,
  extension: { id: string; origin: string },
): RequestAuthorization {
  if (sender.id !== extension.id) return { ok: false, reason: 'Message from another extension.' };
  if (sender.url?.startsWith(extension.origin)) return { ok: true, from: 'extensionPage' };

  const pageUrl = sender.tabUrl ?? sender.url;
  if (!pageUrl) return { ok: false, reason: 'Message from an unknown context.' };
  if (isMultitenantPortalUrl(pageUrl)) return authorizeMultitenantTab(request);
  const route = parsePortalUrl(pageUrl);
  if (!isPortalPage(pageUrl)) return { ok: false, reason: 'Content scripts run only on the Defender portal.' };
  // A tab whose tenant cannot be told (a malformed or doubled tid) gets nothing: never the home tenant.
  if (route.tenantProblem !== undefined) return { ok: false, reason: route.tenantProblem };
  if (!contentScriptRequestTypes.has(request.type)) {
    return { ok: false, reason: `A portal page may not ask for ${request.type}.` };
  }
  if ('tenantId' in request && request.tenantId !== route.tenantId) {
    return { ok: false, reason: 'A portal page may only read or change the tenant it shows.' };
  }
  return { ok: true, from: 'portalTab' };
}

/**
 * Multitenant management (https://mto.security.microsoft.com, exactly) shows every tenant's incidents
 * and has no tenant of its own: it may only read, and each read names the tenant of its row or link (a
 * GUID; never "the default tenant"). What it reads is still only a configured tenant's: the handlers
 * answer an unknown tenant with nothing. Quick actions and task writes stay on the tenant portal.
 */
function authorizeMultitenantTab(request: BackgroundRequest): RequestAuthorization {
  if (!multitenantPortalRequestTypes.has(request.type)) {
    return { ok: false, reason: `The multitenant portal may only read: ${request.type} is refused (quick actions work on the tenant’s own portal page).` };
  }
  if ('tenantId' in request && request.tenantId === null) {
    return { ok: false, reason: 'The multitenant portal has no tenant of its own: each read must name one.' };
  }
  return { ok: true, from: 'portalTab', multitenant: true };
}

function isPortalPage(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.host === 'security.microsoft.com';
  } catch {
    return false;
  }
}
