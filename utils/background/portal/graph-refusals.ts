import { GraphRequestError } from '../../domain/graph-request-error';
import { TokenUnavailableError } from '../../domain/token-unavailable-error';
import { rememberWriteRefusal } from '../../storage/write-refusal-storage';
import { readTenantContext, type TenantContext } from './tenant-context';

/**
 * When Graph (or the token broker) says no, what the panel is told. Shared by every portal handler so a
 * 403 on a write, a beta feature Graph refuses and a failed read are worded (and remembered) one way.
 */

/** Graph and token failures in words the panel can show. */
export function panelError(error: unknown, incidentId: string): Error {
  if (error instanceof TokenUnavailableError) {
    return new Error(
      error.kind === 'consentRequired'
        ? 'The Handoff app is not consented for this in the tenant: ask its administrator, then sign in again.'
        : `Handoff could not get access to Microsoft Graph (${error.message}). Sign in again from Handoff's options.`,
    );
  }
  if (error instanceof GraphRequestError) {
    if (error.status === 404) return new Error(`Microsoft Graph has no incident ${incidentId} in this tenant.`);
    if (error.status === 429) return new Error('Microsoft Graph is throttling requests: try again in a minute.');
    return new Error(`Microsoft Graph answered ${error.status || 'nothing'}: ${error.message}`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** A beta feature's "not available" answer: the panel shows the reason and goes on. */
export function notAvailable(reason: string): { ok: true; available: false; reason: string } {
  return { ok: true, available: false, reason };
}

/** Why a beta read gave nothing, in words: beta refused (403/404) or Graph could not be read. */
export function betaUnavailableReason(error: unknown, unavailable: string): string {
  if (error instanceof GraphRequestError && (error.status === 403 || error.status === 404)) {
    return `${unavailable} (Microsoft Graph beta answered ${error.status}).`;
  }
  return `${unavailable} right now: ${panelError(error, '').message}`;
}

export interface RefusedWrite {
  /** The tenant's context read again: its write access now says read-only. */
  context: TenantContext;
  reason: string;
}

/**
 * A write Graph refused with 403 (the analyst's role cannot write there): remembered, so the panel
 * disables the writes instead of letting the analyst try again, and answered with the tenant's context
 * read again. Null for any other failure, which the caller reports as it would any error.
 */
export async function refusedWrite(
  error: unknown,
  tenantId: string | null,
  context: TenantContext,
  now: () => Date,
): Promise<RefusedWrite | null> {
  if (!(error instanceof GraphRequestError) || error.status !== 403) return null;
  await rememberWriteRefusal(context.key, error.message, now());
  const refused = (await readTenantContext(tenantId, now)) ?? context;
  return {
    context: refused,
    reason: refused.writeAccess.reason ?? 'Microsoft Graph refused the change (403). Nothing was written.',
  };
}
