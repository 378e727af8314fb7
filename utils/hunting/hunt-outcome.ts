import { GraphRequestError } from '@/utils/domain/graph-request-error';
import { TokenUnavailableError } from '@/utils/domain/token-unavailable-error';
import { huntRowLimit, type HuntLimit, type HuntTenantOutcome } from './hunt-model';

/**
 * What a failed advanced-hunting request means for one tenant, and the one-line status the Hunt page
 * shows for any outcome. Graph's own messages are kept as text (never interpreted, never markup).
 */

export const huntConsentMessage =
  'Handoff has no consent to run advanced hunting (ThreatHunting.Read.All) in this tenant. Ask its administrator to consent, then run again.';
export const huntRoleMessage =
  'Your account has no role that allows advanced hunting in this tenant (GDAP: Security Reader or Security Operator, or a Defender role with advanced hunting).';
/** A dead refresh token or a lost account: Handoff's own sign-in, not the tenant's consent. */
export const huntSignInMessage = "Sign in again: Handoff's sign-in needs renewing (Handoff's options → Sign in).";
/** Graph's 401: the token was refused (expired, revoked, the wrong tenant), which no role would fix. */
export const huntTokenRefusedMessage = "Microsoft refused Handoff's token for this tenant: sign in again (Handoff's options → Sign in).";
export const huntQueryErrorMaxLength = 500;

/** Which limit a 429's message names: the CPU quota (resources), the calls per minute/hour, or neither. */
export function huntLimitOf(message: string): HuntLimit {
  if (/cpu|resource/i.test(message)) return 'cpu';
  if (/call|request/i.test(message)) return 'calls';
  return 'unknown';
}

function shorten(text: string, max: number): string {
  const trimmed = text.trim();
  return trimmed.length <= max ? trimmed : `${trimmed.slice(0, max - 1)}…`;
}

function quotaMessage(limit: HuntLimit): string {
  if (limit === 'cpu') return "The tenant's advanced hunting CPU quota is used up; it resets within 15 minutes.";
  if (limit === 'calls') return 'Too many advanced hunting calls to this tenant; wait a minute and run again.';
  return 'Graph refused more advanced hunting in this tenant for now (429); run again later.';
}

function tokenOutcome(error: TokenUnavailableError): HuntTenantOutcome {
  if (error.kind === 'consentRequired') return { kind: 'needsConsent', message: huntConsentMessage };
  if (error.kind === 'interactionRequired' || error.kind === 'noAccount') return { kind: 'failed', message: huntSignInMessage };
  if (error.kind === 'network') return { kind: 'failed', message: 'Microsoft sign-in could not be reached.' };
  if (error.kind === 'cancelled') return { kind: 'failed', message: 'Sign-in was cancelled.' };
  return { kind: 'failed', message: `No token for this tenant: ${shorten(error.message, 200)}` };
}

function graphOutcome(error: GraphRequestError, elapsedMs: number): HuntTenantOutcome {
  const { status } = error;
  if (status === 401) return { kind: 'failed', message: huntTokenRefusedMessage };
  if (status === 403) return { kind: 'missingRole', message: huntRoleMessage };
  // Graph's gateway answers a query that ran too long with 504 (graph-security-api.md, "Advanced hunting").
  if (status === 504) return { kind: 'timeout', ms: elapsedMs };
  if (status === 429) {
    const limit = huntLimitOf(error.message);
    return { kind: 'quota', limit, retryAfterSeconds: error.retryAfterSeconds ?? null, message: quotaMessage(limit) };
  }
  if (status === 400) {
    if (/timeout|timed out/i.test(error.message)) return { kind: 'timeout', ms: elapsedMs };
    const message = shorten(error.message, huntQueryErrorMaxLength);
    return { kind: 'queryError', message: message === '' ? 'Graph refused the query without saying why.' : message };
  }
  if (status === 0) return { kind: 'failed', message: 'Graph could not be reached.' };
  return { kind: 'failed', message: `Graph failed (HTTP ${status}, ${shorten(error.code, 60)}).` };
}

/** What a failed runHuntingQuery means for one tenant; `elapsedMs` is how long the request ran. */
export function huntFailureOutcome(error: unknown, elapsedMs: number): HuntTenantOutcome {
  if (error instanceof TokenUnavailableError) return tokenOutcome(error);
  if (error instanceof GraphRequestError) return graphOutcome(error, elapsedMs);
  if (error instanceof Error && error.message.trim() !== '') {
    return { kind: 'failed', message: `Unexpected error: ${shorten(error.message, 200)}` };
  }
  return { kind: 'failed', message: 'Unexpected error.' };
}

const count = (value: number) => value.toLocaleString('en-US');

/** "0.8 s", "12.3 s", "2 min 5 s". */
export function huntDurationText(ms: number): string {
  if (ms < 60_000) return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  const rest = seconds % 60;
  return rest === 0 ? `${Math.floor(seconds / 60)} min` : `${Math.floor(seconds / 60)} min ${rest} s`;
}

/** "12 s", "3 min" (whole seconds, rounded up). */
function waitText(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return seconds < 60 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
}

const limitNames: Record<HuntLimit, string | null> = { calls: 'calls per minute', cpu: 'CPU', unknown: null };

/** The one-line status of a tenant's outcome and, below it, the sentence or Graph's message. */
export function huntOutcomeText(outcome: HuntTenantOutcome, now: number = Date.now()): { text: string; detail: string | null } {
  switch (outcome.kind) {
    case 'pending':
      return { text: 'Queued', detail: null };
    case 'running':
      return { text: 'Running…', detail: null };
    case 'waiting': {
      const limit = limitNames[outcome.limit];
      return { text: `Waiting ${waitText(outcome.until - now)}${limit === null ? '' : ` (${limit})`}`, detail: null };
    }
    case 'done': {
      const rows = outcome.rows === 0 ? 'No rows' : `${count(outcome.rows)} ${outcome.rows === 1 ? 'row' : 'rows'}`;
      const detail = outcome.truncated
        ? `Graph answers at most ${count(huntRowLimit)} rows: narrow the query or the time span to see the rest.`
        : null;
      return { text: `${rows} · ${huntDurationText(outcome.ms)}`, detail };
    }
    case 'needsConsent':
      return { text: 'Needs consent', detail: outcome.message };
    case 'missingRole':
      return { text: 'Missing role', detail: outcome.message };
    case 'quota': {
      const limit = limitNames[outcome.limit];
      const named = `Quota reached${limit === null ? '' : ` (${limit})`}`;
      if (outcome.retryAt !== undefined) {
        const left = outcome.retryAt - now;
        return { text: `${named} — try again ${left > 0 ? `in ${waitText(left)}` : 'now'}`, detail: outcome.message };
      }
      // A run stored before retryAt: only what the 429 said.
      if (outcome.limit === 'cpu') return { text: `${named} — resets within 15 minutes`, detail: outcome.message };
      const retry = outcome.retryAfterSeconds === null ? '' : ` — try again in ${waitText(outcome.retryAfterSeconds * 1000)}`;
      return { text: `${named}${retry}`, detail: outcome.message };
    }
    case 'queryError':
      return { text: 'Query error', detail: outcome.message };
    case 'timeout':
      return {
        text: `Timed out after ${huntDurationText(outcome.ms)}`,
        detail: 'Advanced hunting stops a query after 3 minutes: narrow the query or the time span.',
      };
    case 'cancelled':
      return { text: 'Not run (cancelled)', detail: null };
    case 'notRun':
      return { text: 'Not run', detail: null };
    case 'failed':
      return { text: 'Failed', detail: outcome.message };
  }
}
