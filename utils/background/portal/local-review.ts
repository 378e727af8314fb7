import { asReviewedLocally } from '../../domain/review-mark';
import type { BackgroundRequest } from '../../messages/background-requests';
import type { QuickActionResponse } from '../../messages/portal-answers';
import { readTenantCache } from '../../storage/tenant-cache-storage';
import { addLocalReview } from '../../storage/ui-state-storage';
import { rememberIncident } from './live-incident';
import { incidentViewOf, quickActionAnswer } from './portal-views';
import type { PortalDeps, TenantContext } from './tenant-context';

/**
 * "Mark reviewed" by an analyst who may not write here (a reader, quick actions off, signed out): nothing
 * goes to Graph, so the mark is kept on this browser (storage/ui-state-storage.ts `reviewed`), the cached
 * handoff becomes the reviewed one at once (the popup and the badge count it no more) and every poll keeps
 * it so (sync-runner.ts). The answer says the team does not see it.
 */

type MarkReviewedRequest = Extract<BackgroundRequest, { type: 'markIncidentReviewed' }>;

export const notAReview = 'Only a review (an incident Defender Experts resolved) can be marked reviewed. Nothing was changed.';

export function localOnlyMessage(reason: string | null, withComment: boolean): string {
  const why = reason ? ` (${reason.replace(/\.$/, '')})` : '';
  const comment = withComment ? ' Your comment was not posted.' : '';
  return `Marked reviewed on this browser only: you have no write access${why}. Your team does not see this mark.${comment}`;
}

export async function markReviewedLocally(
  context: TenantContext,
  request: MarkReviewedRequest,
  sync: PortalDeps['sync'],
): Promise<QuickActionResponse> {
  const cache = await readTenantCache(context.key);
  const cached = cache?.incidents[request.incidentId] ?? null;
  if (!cached || cached.handoff.partnerAction?.kind !== 'review') {
    return quickActionAnswer('markReviewed', 'refused', notAReview, incidentViewOf(context, cache, cached, null));
  }
  await addLocalReview(context.key, request.incidentId);
  const entry = { ...cached, handoff: asReviewedLocally(cached.handoff) };
  const updated = await rememberIncident(context, entry, sync);
  const message = localOnlyMessage(context.writeAccess.reason, request.comment !== undefined);
  return quickActionAnswer('markReviewed', 'done', message, incidentViewOf(context, updated, entry, null));
}
