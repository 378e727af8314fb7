import { describe, expect, it } from 'vitest';
import { classifyHandoff, handoffFacts, type Handoff } from '@/utils/domain/classify-handoff';
import { countHandoffs, countsTowardBadge } from '@/utils/domain/handoff-counts';
import { graphIncidentSchema, type GraphIncident } from '@/utils/domain/incident-schema';
import { asReviewedLocally, hasReviewedTag, reviewedTag, withReviewedTag } from '@/utils/domain/review-mark';
import { incidentPatchSchema } from '@/utils/graph/graph-writes';

const now = new Date('2024-03-01T12:00:00Z');

/** Resolved by Defender Experts (their system tag): a review for the partner, unless tagged reviewed. */
function resolvedByExperts(customTags: string[], overrides: Record<string, unknown> = {}): GraphIncident {
  return graphIncidentSchema.parse({
    id: '1006',
    tenantId: '0b8a9c34-5d6e-4f70-8a91-b2c3d4e5f607',
    status: 'resolved',
    createdDateTime: '2024-03-01T08:00:00Z',
    lastUpdateDateTime: '2024-03-01T10:00:00Z',
    systemTags: ['Defender Experts'],
    customTags,
    ...overrides,
  });
}

describe('the reviewed tag', () => {
  it('is "Handoff: reviewed", matched trimmed, whitespace collapsed and case-insensitively', () => {
    expect(reviewedTag).toBe('Handoff: reviewed');
    expect(hasReviewedTag(['Ransomware', '  handoff:   REVIEWED '])).toBe(true);
    expect(hasReviewedTag(['Handoff: review'])).toBe(false);
    expect(hasReviewedTag(['Handoff reviewed'])).toBe(false);
    expect(hasReviewedTag([])).toBe(false);
  });

  it('is added once to the tags read (PATCH replaces the whole collection), keeping the others in order', () => {
    expect(withReviewedTag(['Ransomware', 'VIP'])).toEqual(['Ransomware', 'VIP', 'Handoff: reviewed']);
    expect(withReviewedTag([])).toEqual(['Handoff: reviewed']);
    const tagged = ['handoff: reviewed', 'VIP'];
    expect(withReviewedTag(tagged)).toEqual(['handoff: reviewed', 'VIP']);
    expect(withReviewedTag(tagged)).not.toBe(tagged);
  });

  it('goes out in a strict PATCH body: customTags is a list of non-empty strings', () => {
    expect(incidentPatchSchema.parse({ customTags: ['VIP', 'Handoff: reviewed'] })).toEqual({ customTags: ['VIP', 'Handoff: reviewed'] });
    expect(incidentPatchSchema.safeParse({ customTags: [''] }).success).toBe(false);
    expect(incidentPatchSchema.safeParse({ customTags: 'Handoff: reviewed' }).success).toBe(false);
    expect(incidentPatchSchema.safeParse({ customTags: ['x'], systemTags: ['y'] }).success).toBe(false);
  });
});

describe('a review marked reviewed', () => {
  it('is a review without the tag, and nobody’s move with it: it counts nowhere', () => {
    const review = classifyHandoff(resolvedByExperts(['Ransomware']), 'xdr', now);
    expect(review).toMatchObject({ rule: 'resolvedByDefenderExperts', owner: 'partner', partnerAction: { kind: 'review' } });
    const reviewed = classifyHandoff(resolvedByExperts(['Ransomware', 'Handoff: reviewed']), 'xdr', now);
    expect(reviewed).toMatchObject({ rule: 'closed', area: 'closed', owner: 'none', partnerAction: null, inDefenderExpertsScope: false });
    expect(countHandoffs([review, reviewed])).toMatchObject({ reviews: 1, closed: 1, awaitingYou: 0 });
    expect(countsTowardBadge(reviewed, { includeReviews: true })).toBe(false);
    expect(countsTowardBadge(review, { includeReviews: true })).toBe(true);
  });

  it('is a fact of the incident: its custom tags, never its system tags', () => {
    expect(handoffFacts(resolvedByExperts(['Handoff: reviewed']), 'xdr').reviewed).toBe(true);
    expect(handoffFacts(resolvedByExperts([]), 'xdr').reviewed).toBe(false);
    const systemOnly = resolvedByExperts([], { systemTags: ['Defender Experts', 'Handoff: reviewed'] });
    expect(classifyHandoff(systemOnly, 'xdr', now).partnerAction?.kind).toBe('review');
  });

  it('changes nothing on an open incident: the tag clears reviews only', () => {
    const open = classifyHandoff(resolvedByExperts(['Handoff: reviewed'], { status: 'awaitingAction' }), 'xdr', now);
    expect(open.partnerAction?.kind).toBe('act');
  });
});

describe('a review marked reviewed on this browser only', () => {
  const review = classifyHandoff(resolvedByExperts([]), 'xdr', now);

  it('becomes the handoff the tag would give', () => {
    const tagged = classifyHandoff(resolvedByExperts(['Handoff: reviewed']), 'xdr', now);
    expect(asReviewedLocally(review)).toEqual(tagged);
  });

  it('leaves any other handoff as it is', () => {
    const act: Handoff = { ...review, rule: 'awaitingAction', partnerAction: { kind: 'act', text: 'Act' } };
    expect(asReviewedLocally(act)).toBe(act);
    const closed = asReviewedLocally(review);
    expect(asReviewedLocally(closed)).toBe(closed);
  });
});
