import { browser } from 'wxt/browser';
import { readScopes, writeScopes } from '@/utils/auth/token-broker';
import type { Settings } from '@/utils/domain/settings';
import type { AdviceContext } from '@/utils/sync/failure-advice';

/** This browser's identity redirect URL: the redirect URI to register on the application; null if unknown. */
export function identityRedirectUri(): string | null {
  try {
    return browser.identity.getRedirectURL();
  } catch {
    return null;
  }
}

/** The scopes Handoff asks for in a customer tenant: read, and write when quick actions are on. */
export function customerTenantScopes(settings: Pick<Settings, 'quickActionsEnabled'>): string[] {
  return [...readScopes, ...(settings.quickActionsEnabled ? writeScopes : [])];
}

/** What failure advice needs from this page: the application id, the redirect URI, the scopes, the time. */
export function adviceContext(settings: Pick<Settings, 'clientId' | 'quickActionsEnabled'>): AdviceContext {
  return {
    clientId: settings.clientId ?? null,
    redirectUri: identityRedirectUri(),
    scopes: customerTenantScopes(settings),
    online: navigator.onLine,
    now: new Date(),
  };
}
