import type { SyncStatus } from './tenant-cache';
import { formatDuration } from '../portal/relative-time';

/**
 * Every failure as plain words and a next step: what went wrong in the analyst's terms, the buttons that
 * help (copy the admin-consent link, copy the redirect URI, retry, sign in again), and the raw text folded
 * under "Details". Pure: the popup, the options page and their tests build the same advice.
 */

export type FailureAction =
  /** Puts `text` on the clipboard (the admin-consent link, the redirect URI). */
  | { kind: 'copy'; label: string; text: string }
  /** Runs a sync round again (or the sign-in, on the account's own failure). */
  | { kind: 'retry'; label: string }
  /** Opens the interactive sign-in (options page, Account). */
  | { kind: 'signIn'; label: string };

export type FailureKind = 'consent' | 'signIn' | 'setup' | 'cancelled' | 'missingRole' | 'throttled' | 'offline' | 'busy' | 'failed';

export interface FailureAdvice {
  kind: FailureKind;
  /** Plain words: what happened and who must do what. */
  sentence: string;
  actions: FailureAction[];
  /** The raw error text for a bug report or an administrator, shown folded; null when there is none. */
  details: string | null;
}

/** What the advice needs to know about the application and this browser. */
export interface AdviceContext {
  /** The application (client) id in the settings, or null before one is entered. */
  clientId: string | null;
  /** This browser's identity redirect URL (identity.getRedirectURL()), registered on the application. */
  redirectUri: string | null;
  /** The Graph scopes Handoff asks for in a customer tenant (read; write when quick actions are on). */
  scopes: readonly string[];
  /** navigator.onLine where the page knows it. */
  online?: boolean;
  now: Date;
}

const retry: FailureAction = { kind: 'retry', label: 'Retry' };

/**
 * The admin-consent link for one tenant: Microsoft identity platform's v2 admin-consent endpoint
 * (`https://login.microsoftonline.com/{tenant}/v2.0/adminconsent?client_id&scope&redirect_uri`; entra-docs,
 * identity-platform/v2-admin-consent.md: tenant, client_id, redirect_uri and scope required). Chosen over
 * the v1 `/{tenant}/adminconsent?client_id`, which grants every permission of the registration (the v2
 * endpoint's `/.default` does the same): with dynamic scopes the customer's administrator approves exactly
 * what Handoff asks for in that tenant (SecurityIncident.Read.All, plus ReadWrite when quick actions are
 * on), never the partner-tenant-only DelegatedAdminRelationship.Read.All. The redirect URI must be one
 * registered on the application: this browser's identity redirect URL. After approving, the
 * administrator's browser lands on that URL, which shows nothing: the consent is done by then.
 */
export function adminConsentUrl(tenant: string, clientId: string, redirectUri: string, scopes: readonly string[]): string {
  const url = new URL(`https://login.microsoftonline.com/${encodeURIComponent(tenant)}/v2.0/adminconsent`);
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('scope', scopes.join(' '));
  url.searchParams.set('redirect_uri', redirectUri);
  return url.toString();
}

/** A dropped connection in the words the browser, MSAL and the Graph client use (graph-client-errors.ts: "could not be reached"). */
const offlinePattern =
  /failed to fetch|could not be reached|networkerror|network_error|no_network_connectivity|err_internet_disconnected|err_name_not_resolved|network error|econnrefused|offline/i;

function consentAdvice(who: string, tenant: string, context: AdviceContext, details: string | null): FailureAdvice {
  const actions: FailureAction[] = [];
  if (context.clientId && context.redirectUri) {
    actions.push({ kind: 'copy', label: 'Copy consent link', text: adminConsentUrl(tenant, context.clientId, context.redirectUri, context.scopes) });
  }
  actions.push(retry);
  return {
    kind: 'consent',
    sentence: `${who} hasn't approved Handoff. An administrator of that tenant who can grant consent (directly or through your GDAP roles) must approve it.`,
    actions,
    details,
  };
}

function offlineAdvice(details: string | null): FailureAdvice {
  return {
    kind: 'offline',
    sentence:
      'Handoff cannot reach Microsoft: this browser may be offline, or a proxy or firewall blocks login.microsoftonline.com or graph.microsoft.com. It tries again by itself.',
    actions: [retry],
    details,
  };
}

/** A tenant's failed sync as advice; null when the tenant is fine or not synced yet. */
export function tenantFailureAdvice(
  tenant: { displayName: string; tenantId: string },
  status: Pick<SyncStatus, 'state' | 'message' | 'retryAt'>,
  context: AdviceContext,
): FailureAdvice | null {
  const details = status.message || null;
  const name = tenant.displayName;
  switch (status.state) {
    case 'ok':
    case 'neverSynced':
      return null;
    case 'needsConsent':
      return consentAdvice(name, tenant.tenantId, context, details);
    case 'needsSignIn':
      return {
        kind: 'signIn',
        sentence: `Your Microsoft sign-in has ended, so Handoff cannot read ${name}. Sign in again.`,
        actions: [{ kind: 'signIn', label: 'Sign in again' }, retry],
        details,
      };
    case 'missingRole':
      return {
        kind: 'missingRole',
        sentence: `You hold no role in ${name} that may read incidents. Ask for Security Reader (or Security Operator to act) through your GDAP relationship with ${name}, then retry.`,
        actions: [retry],
        details,
      };
    case 'throttled': {
      const waitMs = status.retryAt ? new Date(status.retryAt).getTime() - context.now.getTime() : Number.NaN;
      const when = Number.isNaN(waitMs) ? null : waitMs < 60_000 ? 'within a minute' : `in ${formatDuration(waitMs)}`;
      return {
        kind: 'throttled',
        sentence: `Microsoft Graph is limiting requests for ${name}. Handoff waits and tries again${when ? ` ${when}` : ' shortly'}; nothing to do.`,
        actions: [],
        details,
      };
    }
    case 'error':
      if (context.online === false || offlinePattern.test(status.message ?? '')) return offlineAdvice(details);
      return {
        kind: 'failed',
        sentence: `Handoff could not read ${name}'s incidents. Retry; if it keeps failing, the details below say what Microsoft answered.`,
        actions: [retry],
        details,
      };
  }
}

/** The interactive sign-in's failure (the options page's Sign in) as advice, from the error's text. */
export function signInFailureAdvice(message: string, context: AdviceContext): FailureAdvice {
  const details = message || null;
  if (/AADSTS65001|consent_required/i.test(message)) {
    return consentAdvice('Your organisation', 'organizations', context, details);
  }
  if (/declined to consent|access_denied|AADSTS65004/i.test(message)) {
    return {
      kind: 'cancelled',
      sentence: 'The permissions Handoff asks for were declined, so nobody is signed in. Sign in again and accept them.',
      actions: [{ kind: 'retry', label: 'Sign in again' }],
      details,
    };
  }
  if (/did not approve access|user_cancelled|not completed|cancel/i.test(message)) {
    return {
      kind: 'cancelled',
      sentence: 'The sign-in window was closed before the sign-in finished. Nobody is signed in.',
      actions: [{ kind: 'retry', label: 'Sign in again' }],
      details,
    };
  }
  if (context.online === false || offlinePattern.test(message)) return offlineAdvice(details);
  if (/interaction_in_progress/i.test(message)) {
    return {
      kind: 'busy',
      sentence: 'Another sign-in is still open. Finish or close its window, then sign in again.',
      actions: [{ kind: 'retry', label: 'Sign in again' }],
      details,
    };
  }
  if (/authorization page could not be loaded|AADSTS700016|AADSTS50011|AADSTS900144|unauthorized_client|invalid_client|invalid_request/i.test(message)) {
    const redirect = context.redirectUri ?? 'this browser’s redirect URL';
    const actions: FailureAction[] = context.redirectUri
      ? [{ kind: 'copy', label: 'Copy redirect URI', text: context.redirectUri }]
      : [];
    return {
      kind: 'setup',
      sentence: `Microsoft did not accept the sign-in request. Check the application id and the redirect URI ${redirect} (a Single-page application redirect URI on that app registration).`,
      actions: [...actions, { kind: 'retry', label: 'Sign in again' }],
      details,
    };
  }
  return {
    kind: 'failed',
    sentence: 'The sign-in did not work. Sign in again; if it keeps failing, the details below say what Microsoft answered.',
    actions: [{ kind: 'retry', label: 'Sign in again' }],
    details,
  };
}
