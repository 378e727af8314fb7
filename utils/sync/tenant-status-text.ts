import type { TenantCache } from './tenant-cache';

type TenantSyncFacts = Pick<TenantCache, 'status' | 'lastSuccessAt'>;
import { relativeTime } from '../portal/relative-time';

const stateText: Record<TenantSyncFacts['status']['state'], string> = {
  ok: 'Synced',
  neverSynced: 'Not synced yet',
  needsSignIn: 'Needs sign-in',
  needsConsent: 'Needs consent',
  missingRole: 'Missing role',
  throttled: 'Throttled',
  error: 'Sync failed',
};

/**
 * The next step in plain words, never the raw error (that is under "Details" in the options page's
 * "Needs attention", utils/sync/failure-advice.ts).
 */
const nextStep: Record<TenantSyncFacts['status']['state'], string> = {
  ok: '',
  neverSynced: '',
  needsSignIn: 'sign in again (Handoff options, Account)',
  needsConsent: 'an administrator of this tenant must approve Handoff (Handoff options: Copy consent link)',
  missingRole: 'you hold no role here that may read incidents (Security Reader or higher, through GDAP)',
  throttled: 'Microsoft Graph is limiting requests; Handoff tries again by itself',
  error: 'Handoff could not read this tenant (Handoff options: Needs attention, Details)',
};

/** One line for a tenant's sync state, e.g. "Synced 2 minutes ago" or "Needs consent: an administrator …". */
export function tenantStatusText(cache: TenantSyncFacts | undefined, now: Date = new Date()): { status: string; problem: boolean } {
  if (!cache) return { status: 'Not synced yet', problem: false };
  const { state } = cache.status;
  if (state === 'ok') {
    return { status: cache.lastSuccessAt ? `Synced ${relativeTime(cache.lastSuccessAt, now)}` : 'Synced', problem: false };
  }
  const last = cache.lastSuccessAt ? ` (last good sync ${relativeTime(cache.lastSuccessAt, now)})` : '';
  return { status: `${stateText[state]}${nextStep[state] ? `: ${nextStep[state]}` : ''}${last}`, problem: state !== 'neverSynced' };
}
