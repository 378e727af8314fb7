import { TokenUnavailableError } from '../domain/token-unavailable-error';
import { GraphRequestError } from '../domain/graph-request-error';
import type { SyncStatus } from './tenant-cache';
import { errorMessage } from '../portal/error-message';

/** When Graph throttles without saying for how long, the next try waits this long. */
export const defaultThrottleWaitSeconds = 60;

const messageLimit = 300;

function shortMessage(error: unknown): string {
  const text = errorMessage(error);
  return text.length > messageLimit ? `${text.slice(0, messageLimit)}…` : text;
}

/**
 * What a failed poll means for the analyst: sign in again, get the app consented in that tenant, get a
 * security role there, wait (throttled, until retryAt), or a plain error with its message.
 */
export function syncStatusForFailure(error: unknown, now: Date): SyncStatus {
  if (error instanceof TokenUnavailableError) {
    switch (error.kind) {
      case 'interactionRequired':
      case 'noAccount':
      case 'cancelled':
        return { state: 'needsSignIn', message: `Sign in again: ${shortMessage(error)}`, retryAt: null };
      case 'consentRequired':
        return {
          state: 'needsConsent',
          message: `The app is not consented in this tenant: ${shortMessage(error)}`,
          retryAt: null,
        };
      default:
        return { state: 'error', message: `No token for this tenant: ${shortMessage(error)}`, retryAt: null };
    }
  }
  if (error instanceof GraphRequestError) {
    if (error.status === 401) {
      return { state: 'needsSignIn', message: `Graph refused the sign-in: ${shortMessage(error)}`, retryAt: null };
    }
    if (error.status === 403) {
      return {
        state: 'missingRole',
        message: `No role in this tenant that may read incidents (Security Reader or higher): ${shortMessage(error)}`,
        retryAt: null,
      };
    }
    if (error.status === 429) {
      const waitSeconds = error.retryAfterSeconds ?? defaultThrottleWaitSeconds;
      return {
        state: 'throttled',
        message: 'Graph is throttling requests for this tenant.',
        retryAt: new Date(now.getTime() + waitSeconds * 1000).toISOString(),
      };
    }
    if (error.status === 0) {
      return { state: 'error', message: shortMessage(error), retryAt: null };
    }
    return { state: 'error', message: `Graph answered ${error.status} ${error.code}: ${shortMessage(error)}`, retryAt: null };
  }
  return { state: 'error', message: `Sync failed: ${shortMessage(error)}`, retryAt: null };
}
