import { z } from 'zod';
import { tenantKey, type Settings } from '../domain/settings';
import type { SyncState, TenantCache } from './tenant-cache';

/**
 * The toolbar badge from the tenant caches: how many incidents await the analyst across all tenants,
 * and whether that number can be trusted. In order of precedence:
 *
 *   no tenants set up            ''   neutral  "Handoff: no tenants set up yet"
 *   signed out, or a tenant      '!'  amber    "Handoff: sign in needed"
 *     needs sign-in
 *   stale                        N    grey     "... stale since <oldest last successful sync>"
 *   N > 0                        N    red      "Handoff: N incidents awaiting you"
 *   0                            ''   neutral  "Handoff: nothing awaiting you"
 *
 * Stale: a tenant's last successful sync is older than three poll intervals, so its part of the count
 * is old. Tenants that never synced successfully count nothing and do not make the badge stale (their
 * problem, like needs consent, is listed in the title and shown in the popup).
 */

export const badgeStateSchema = z.object({
  /** At most 4 characters (Chrome shows about that many). */
  text: z.string().max(4),
  color: z.string().regex(/^#[0-9a-f]{6}$/i),
  title: z.string(),
});
export type BadgeState = z.infer<typeof badgeStateSchema>;

export const badgeColors = {
  awaiting: '#c4314b',
  neutral: '#616161',
  signIn: '#b86e00',
  stale: '#8a8886',
} as const;

/** What the badge needs of a tenant: its state and counts, not its incidents (see tenant-summaries.ts). */
export type BadgeTenantFacts = Pick<TenantCache, 'tenantKey' | 'status' | 'lastSuccessAt' | 'summary'>;

export interface BadgeStateInput {
  caches: readonly BadgeTenantFacts[];
  settings: Settings;
  now: Date;
  signedIn: boolean;
  pollIntervalMinutes: number;
}

const staleAfterPollIntervals = 3;
const problemLineLimit = 5;

const problemText: Partial<Record<SyncState, string>> = {
  needsSignIn: 'sign in needed',
  needsConsent: 'the app needs consent in this tenant',
  missingRole: 'no security role to read incidents',
  throttled: 'Graph is throttling, retrying later',
  error: 'last sync failed',
};

function countText(count: number): string {
  return count > 99 ? '99+' : String(count);
}

function awaitingPhrase(count: number): string {
  return `${count} ${count === 1 ? 'incident' : 'incidents'} awaiting you`;
}

/** Minutes, UTC: titles must not depend on the machine's locale. */
function formatTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function badgeState(input: BadgeStateInput): BadgeState {
  const { settings, now } = input;
  const names = new Map(settings.tenants.map((tenant) => [tenantKey(tenant), tenant.displayName]));
  const caches = input.caches.filter((cache) => names.has(cache.tenantKey));
  const nameOf = (cache: BadgeTenantFacts) => names.get(cache.tenantKey) ?? cache.tenantKey;

  if (settings.tenants.length === 0) {
    return { text: '', color: badgeColors.neutral, title: 'Handoff: no tenants set up yet' };
  }

  // The three counts are disjoint (partner action kinds act, review, triage), so they add up.
  let count = 0;
  for (const { summary } of caches) {
    count += summary.awaitingYou;
    if (settings.badgeIncludesReviews) count += summary.reviews;
    if (settings.badgeIncludesUnassigned) count += summary.unassigned;
  }

  const problems = caches
    .flatMap((cache) => {
      const text = problemText[cache.status.state];
      return text ? [`${nameOf(cache)}: ${text}`] : [];
    })
    .slice(0, problemLineLimit);
  const withProblems = (title: string) => [title, ...problems].join('\n');

  if (!input.signedIn || caches.some((cache) => cache.status.state === 'needsSignIn')) {
    const known = count > 0 ? ` (${awaitingPhrase(count)} at the last sync)` : '';
    return { text: '!', color: badgeColors.signIn, title: withProblems(`Handoff: sign in needed${known}`) };
  }

  const staleBefore = now.getTime() - staleAfterPollIntervals * input.pollIntervalMinutes * 60_000;
  const stale = caches
    .filter((cache) => cache.lastSuccessAt !== null && Date.parse(cache.lastSuccessAt) < staleBefore)
    .sort((a, b) => Date.parse(a.lastSuccessAt ?? '') - Date.parse(b.lastSuccessAt ?? ''));
  const oldest = stale[0];
  if (oldest?.lastSuccessAt) {
    const who = stale.length === 1 ? nameOf(oldest) : `${stale.length} tenants`;
    return {
      text: count > 0 ? countText(count) : '',
      color: badgeColors.stale,
      title: withProblems(
        `Handoff: ${awaitingPhrase(count)}, stale since ${formatTime(oldest.lastSuccessAt)} (${who} not synced since)`,
      ),
    };
  }

  if (count > 0) {
    return { text: countText(count), color: badgeColors.awaiting, title: withProblems(`Handoff: ${awaitingPhrase(count)}`) };
  }
  return { text: '', color: badgeColors.neutral, title: withProblems('Handoff: nothing awaiting you') };
}
