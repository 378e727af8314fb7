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

/** One line for a tenant's sync state, e.g. "Synced 2 minutes ago" or "Needs consent: …". */
export function tenantStatusText(cache: TenantSyncFacts | undefined, now: Date = new Date()): { status: string; problem: boolean } {
  if (!cache) return { status: 'Not synced yet', problem: false };
  const { state, message } = cache.status;
  if (state === 'ok') {
    return { status: cache.lastSuccessAt ? `Synced ${relativeTime(cache.lastSuccessAt, now)}` : 'Synced', problem: false };
  }
  const last = cache.lastSuccessAt ? ` (last good sync ${relativeTime(cache.lastSuccessAt, now)})` : '';
  return { status: `${stateText[state]}${message ? `: ${message}` : ''}${last}`, problem: state !== 'neverSynced' };
}
