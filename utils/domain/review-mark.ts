/**
 * "Mark reviewed": a review (an incident Defender Experts resolved, for the partner to check) is done once
 * its incident carries this custom tag, which Handoff PATCHes into the incident's `customTags` so the
 * whole team sees it in the portal (docs/reference/graph-security-api.md, "Writes"). The classifier then
 * gives it no partner action. Compared trimmed and case-insensitively: an analyst may type it in the portal.
 */
export const reviewedTag = 'Handoff: reviewed';

const normalizedTag = (tag: string) => tag.replace(/\s+/g, ' ').trim().toLowerCase();

export function hasReviewedTag(customTags: readonly string[]): boolean {
  const wanted = normalizedTag(reviewedTag);
  return customTags.some((tag) => normalizedTag(tag) === wanted);
}

/** The incident's tags with the reviewed tag added (PATCH replaces the whole collection), once. */
export function withReviewedTag(customTags: readonly string[]): string[] {
  return hasReviewedTag(customTags) ? [...customTags] : [...customTags, reviewedTag];
}

/** The handoff fields a review mark changes (classify-handoff.ts `Handoff`). */
interface ReviewableHandoff {
  rule: string;
  area: string;
  owner: string;
  inDefenderExpertsScope: boolean;
  partnerAction: { kind: string; text: string } | null;
}

/**
 * A review marked done on this browser only (no write access: nothing in Graph says so): the handoff
 * the tag would have given, the closed row's (nobody's move, counted nowhere). Anything but a review is
 * returned as it is.
 */
export function asReviewedLocally<H extends ReviewableHandoff>(handoff: H): H {
  if (handoff.partnerAction?.kind !== 'review') return handoff;
  return { ...handoff, rule: 'closed', area: 'closed', owner: 'none', inDefenderExpertsScope: false, partnerAction: null } as H;
}
