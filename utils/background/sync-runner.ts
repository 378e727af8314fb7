import { browser } from 'wxt/browser';
import { extendAssigneeAliases } from '../domain/assignee-aliases';
import { readScopes, type TokenBroker } from '../auth/token-broker';
import { graphClientFor } from './graph-clients';
import { createSyncGraphClients } from './sync-graph-clients';
import { badgeState } from '../sync/badge-state';
import { planNotifications } from '../sync/notification-plan';
import { tenantKey, type Settings, type TenantConfig } from '../domain/settings';
import { readSettings, readSignedInAccount, updateSettings } from '../storage/settings-storage';
import { incidentsNeededForRecount, openGuidedTaskCounts } from '../sync/open-task-counts';
import { createAdaptiveConcurrency } from '../sync/adaptive-concurrency';
import { planPollRound } from '../sync/poll-schedule';
import { syncAllTenants } from '../sync/sync-all-tenants';
import { commitPolledTenantCache, readTenantCache, removeTenantCache, writeTenantCache } from '../storage/tenant-cache-storage';
import { roundSyncRecords } from '../storage/tenant-sync-records';
import type { TenantCache } from '../sync/tenant-cache';
import type { TenantSummaries } from '../sync/tenant-summaries';
import { readTenantSummaries, updateTenantSummaries } from '../storage/tenant-summaries-storage';
import { localReviewKey, readLocalReviews } from '../storage/ui-state-storage';
import { showPendingNotifications } from './incident-notifications';
import { purgeRemovedTenants } from './sign-out-purge';
import { applyToolbarBadge } from './toolbar-badge';

export const pollAlarmName = 'handoff-poll';

/**
 * Polls every tenant on the alarm and on demand. One round at a time: a request while a round runs
 * joins the next round instead of starting a parallel one.
 */
export function createSyncRunner(broker: TokenBroker) {
  let running: Promise<void> | undefined;
  let again = false;
  /** The next round reconciles every tenant, due or not (refreshNow from an extension page). */
  let reconcileNext = false;
  /** The next round polls every tenant, not only those the schedule has due (any round but the alarm's). */
  let everyTenantNext = false;
  /** Tenants polled at once, adapted to Graph's latency and 429s across rounds (sync/adaptive-concurrency.ts). */
  const concurrency = createAdaptiveConcurrency();
  /** Each tenant's v1.0 client, kept across rounds (sync-graph-clients.ts). */
  const syncClients = createSyncGraphClients((clientId, tenantId) => graphClientFor(broker, clientId, tenantId));

  /** The badge from the summaries (read here unless the caller has just written them). */
  async function refreshBadge(settings: Settings, written?: TenantSummaries): Promise<void> {
    const [summaries, account] = await Promise.all([written ?? readTenantSummaries(), readSignedInAccount()]);
    await applyToolbarBadge(
      badgeState({
        caches: Object.values(summaries),
        settings,
        now: new Date(),
        signedIn: account !== null,
        pollIntervalMinutes: settings.pollIntervalMinutes,
      }),
    );
  }

  async function round(forceReconcile: boolean, everyTenant: boolean): Promise<void> {
    const settings = await readSettings();
    const account = await readSignedInAccount();
    const { clientId } = settings;
    const configuredKeys = new Set(settings.tenants.map(tenantKey));
    const summaries = await readTenantSummaries();
    // A tenant gone from the settings: its cache, pending notifications and tokens go, its summary below.
    await purgeRemovedTenants(
      Object.values(summaries).filter((entry) => !configuredKeys.has(entry.tenantKey)),
      new Set(settings.tenants.flatMap((tenant) => [tenant.tenantId, tenant.resolvedTenantId ?? '', tenantKey(tenant)])),
      (tenantIds) => broker.forgetTenantTokens(clientId, tenantIds),
    );
    await updateTenantSummaries([], configuredKeys);
    // Signed out: none kept (they hold no token, but nothing should outlive the account).
    syncClients.keepOnly(account ? (clientId ?? '') : '', new Set(settings.tenants.map((tenant) => tenant.tenantId)));
    if (!clientId || !account) {
      await refreshBadge(settings);
      return;
    }
    const now = Date.now();
    const roundStart = new Date(now);
    // Busy tenants every round, quiet ones every other, first syncs paced, a throttled tenant after its
    // Retry-After, each within its share of Defender's quota (sync/poll-schedule.ts).
    const { due } = planPollRound({
      tenants: settings.tenants,
      summaries,
      now: roundStart,
      options: { intervalMs: settings.pollIntervalMinutes * 60_000, everyTenant },
    });
    // A poll that finds nothing new reads and writes its sync record alone (sync/poll-tenant.ts), all of
    // the round's in two transactions (storage/tenant-sync-records.ts).
    const records = roundSyncRecords();
    // Reviews marked done on this browser only (no write access) stay done through every poll.
    const localReviews = await readLocalReviews().catch(() => new Set<string>());
    const results = await syncAllTenants({
      tenants: due,
      concurrency,
      // Each tenant's notifications are persisted with its cache write, shown after the round.
      store: {
        read: readTenantCache,
        write: (cache, round) =>
          commitPolledTenantCache(
            cache,
            round ? planNotifications({ rounds: [{ tenantKey: cache.tenantKey, cache, ...round }], settings }) : [],
          ),
        records,
      },
      readIncidentsOf: (key) => incidentsNeededForRecount(summaries[key], roundStart),
      graphFor: (tenant) => syncClients.clientFor(clientId, tenant.tenantId),
      aliases: extendAssigneeAliases(settings.extraAssigneeAliases),
      reviewedLocally: (key, incidentId) => localReviews.has(localReviewKey(key, incidentId)),
      // Merged or vanished incidents leave the cache (sync/reconcile-tenant.ts): hourly by default.
      reconcile: { intervalMs: settings.reconcileIntervalMinutes * 60_000, force: forceReconcile },
    });
    // Not saved: the record-only polls' summaries keep what is stored (their times and status stay as
    // the records say; the next round polls them again from the stored watermark).
    const recordsSaved = await records.flush().then(
      () => true,
      (error: unknown) => (console.warn('[Handoff] sync records not saved', error), false),
    );
    const read = results.flatMap(({ tenant, cache }) => (cache ? [{ tenant, cache }] : []));
    const moved = await rememberResolvedTenantIds(read);
    const succeeded = read.filter(({ cache }) => cache.status.state === 'ok');
    // Open tasks are read only where an awaiting-action incident changed, or hourly (open-task-counts.ts).
    const taskCounts = await openGuidedTaskCounts(
      succeeded,
      (tenant) => graphClientFor(broker, clientId, tenant.tenantId, readScopes, 'beta'),
      { previous: summaries, now: roundStart },
    );
    // A tenant re-keyed by its GUID keeps the count counted under its old key.
    for (const cache of moved) {
      const old = read.find((result) => result.cache.resolvedTenantId === cache.tenantKey)?.cache.tenantKey;
      const count = old === undefined ? undefined : taskCounts.get(old);
      if (count !== undefined) taskCounts.set(cache.tenantKey, count);
    }
    // The settings as they are now: a tenant removed during the round loses its summary here.
    const settingsNow = await readSettings();
    const written = await updateTenantSummaries(
      [...results.flatMap(({ cache, record }) => (cache ? [cache] : recordsSaved ? [record] : [])), ...moved],
      new Set(settingsNow.tenants.map(tenantKey)),
      taskCounts,
    );
    await showPendingNotifications().catch((error: unknown) => console.warn('[Handoff] notifications failed', error));
    await refreshBadge(settingsNow, written);
  }

  return {
    /**
     * Runs a round now (or right after the one in progress); `reconcile` forces a reconciliation in it.
     * Only a `scheduled` round (the poll alarm's) follows the schedule; any other polls every tenant.
     */
    runNow(options: { reconcile?: boolean; scheduled?: boolean } = {}): Promise<void> {
      if (options.reconcile === true) reconcileNext = true;
      if (options.scheduled !== true) everyTenantNext = true;
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        try {
          do {
            again = false;
            const reconcile = reconcileNext;
            const everyTenant = everyTenantNext;
            reconcileNext = false;
            everyTenantNext = false;
            await round(reconcile, everyTenant);
          } while (again);
        } finally {
          running = undefined;
        }
      })();
      return running;
    },
    refreshBadge: async () => refreshBadge(await readSettings()),
  };
}

export type SyncRunner = ReturnType<typeof createSyncRunner>;

/** (Re)creates the poll alarm for the configured interval. Alarms survive service-worker restarts. */
export async function schedulePolling(settings: Settings): Promise<void> {
  const existing = await browser.alarms.get(pollAlarmName);
  if (existing?.periodInMinutes === settings.pollIntervalMinutes) return;
  await browser.alarms.create(pollAlarmName, {
    periodInMinutes: settings.pollIntervalMinutes,
    delayInMinutes: settings.pollIntervalMinutes,
  });
}

/**
 * A tenant added by domain learns its GUID from its incidents; the portal's `tid` is that GUID, so the
 * tenant is re-keyed by it and its cache moves with it.
 */
async function rememberResolvedTenantIds(
  rounds: ReadonlyArray<{ tenant: TenantConfig; cache: TenantCache }>,
): Promise<TenantCache[]> {
  const learned = rounds.flatMap(({ tenant, cache }) =>
    tenant.resolvedTenantId === null && cache.resolvedTenantId ? [{ tenant, cache, guid: cache.resolvedTenantId }] : [],
  );
  if (learned.length === 0) return [];
  const moved = learned.map(({ cache, guid }) => ({ ...cache, tenantKey: guid }));
  await Promise.all(moved.map(writeTenantCache));
  // A tenant entered by its GUID keeps its key: removing "the old key" would remove the cache just written.
  await Promise.all(
    learned.filter(({ tenant, guid }) => tenantKey(tenant) !== guid).map(({ tenant }) => removeTenantCache(tenantKey(tenant))),
  );
  await updateSettings((settings) => ({
    ...settings,
    tenants: settings.tenants.map((tenant) => {
      const found = learned.find((entry) => entry.tenant.tenantId === tenant.tenantId);
      return found && tenant.resolvedTenantId === null ? { ...tenant, resolvedTenantId: found.guid } : tenant;
    }),
  }));
  return moved;
}
