import { z } from 'zod';
import type { Handoff } from './classify-handoff';

/**
 * How many incidents of a tenant are at each kind of handoff: what the badge, the popup and the reports
 * count (stored with each tenant as its `summary`). Counting follows the classifier's handoffs, never
 * the raw incidents, so every count agrees with the chips and the panel.
 */

/** An open incident outside Defender Experts' scope that nobody has assigned to themselves yet. */
function isUnassignedPartnerIncident(handoff: Handoff): boolean {
  return handoff.partnerAction?.kind === 'triage' && handoff.area === 'incidentTriage';
}

/**
 * Whether a handoff counts toward the toolbar badge ("awaiting you"): actions always; reviews and
 * unassigned incidents only when the user's settings add them.
 */
export function countsTowardBadge(
  handoff: Handoff,
  options: { includeReviews?: boolean; includeUnassigned?: boolean } = {},
): boolean {
  switch (handoff.partnerAction?.kind) {
    case 'act':
      return true;
    case 'review':
      return options.includeReviews === true;
    case 'triage':
      return options.includeUnassigned === true && isUnassignedPartnerIncident(handoff);
    default:
      return false;
  }
}

export const handoffCountsSchema = z.object({
  /** Partner actions of kind 'act' (the badge's default count). */
  awaitingYou: z.number().int().nonnegative(),
  /** Resolved by Defender Experts, waiting for the partner's review. */
  reviews: z.number().int().nonnegative(),
  /** Steps Defender Experts own right now. */
  withDefenderExperts: z.number().int().nonnegative(),
  /** Open incidents outside Defender Experts' scope, the partner's to triage or investigate. */
  partnerTriage: z.number().int().nonnegative(),
  /** Of those, the ones nobody has taken yet (what the badge's "include unassigned" setting adds). */
  unassigned: z.number().int().nonnegative(),
  closed: z.number().int().nonnegative(),
  merged: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  byArea: z.record(z.string(), z.number().int().nonnegative()),
});
export type HandoffCounts = z.infer<typeof handoffCountsSchema>;

/** Which incidents each of the popup's counts lists (the same tests the counts use). */
export const handoffCountMembers = {
  awaitingYou: (handoff: Handoff) => handoff.partnerAction?.kind === 'act',
  reviews: (handoff: Handoff) => handoff.partnerAction?.kind === 'review',
  withDefenderExperts: (handoff: Handoff) => handoff.owner === 'defenderExperts',
  unassigned: (handoff: Handoff) => isUnassignedPartnerIncident(handoff),
} as const;
export type HandoffCountName = keyof typeof handoffCountMembers;

export function countHandoffs(handoffs: readonly Handoff[]): HandoffCounts {
  const counts: HandoffCounts = {
    awaitingYou: 0,
    reviews: 0,
    withDefenderExperts: 0,
    partnerTriage: 0,
    unassigned: 0,
    closed: 0,
    merged: 0,
    total: handoffs.length,
    byArea: {},
  };
  for (const handoff of handoffs) {
    if (handoffCountMembers.awaitingYou(handoff)) counts.awaitingYou += 1;
    if (handoffCountMembers.reviews(handoff)) counts.reviews += 1;
    if (handoff.partnerAction?.kind === 'triage') counts.partnerTriage += 1;
    if (handoffCountMembers.unassigned(handoff)) counts.unassigned += 1;
    if (handoffCountMembers.withDefenderExperts(handoff)) counts.withDefenderExperts += 1;
    if (handoff.area === 'closed') counts.closed += 1;
    if (handoff.area === 'merged') counts.merged += 1;
    counts.byArea[handoff.area] = (counts.byArea[handoff.area] ?? 0) + 1;
  }
  return counts;
}
