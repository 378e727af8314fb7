/**
 * The Graph sync engine on the fake cloud at MSSP scale (default 200 tenants x 300 incidents; override
 * with BENCH_TENANTS, BENCH_INCIDENTS, BENCH_CLOUD_PROCESSES): Graph requests, response bytes, wall time
 * and CPU time of
 *
 *   incremental  syncAllTenants as the extension runs it (watermark, $filter, cache store, 4 at a time)
 *   window       every poll re-reads the first sync's 30-day window (open + changed in 30 days, no
 *                watermark): what the watermark itself saves
 *   naive        every poll re-downloads every incident of every tenant (no filter, no watermark)
 *
 * for a first sync, a steady poll when nothing changed, and a poll after a few incidents changed.
 * The fake cloud runs in separate processes (bench-cloud.ts), so "engine CPU" is the sync engine's own
 * cost and "fake CPU" the fake's. Every figure printed is measured in this run.
 */
import type { FetchImplementation } from '../../utils/graph/fetch-handler';
import { createGraphClient, defaultIncidentPageSize, type GraphClient } from '../../utils/graph/graph-client';
import { tenantConfigSchema, type TenantConfig } from '../../utils/domain/settings';
import { mapWithConcurrency } from '../../utils/sync/map-with-concurrency';
import { defaultSyncConcurrency, syncAllTenants } from '../../utils/sync/sync-all-tenants';
import { naivePoll, windowPoll } from './sync-baselines';
import { openGuidedTaskCounts } from '../../utils/sync/open-task-counts';
import { defaultReconcileIntervalMs } from '../../utils/sync/reconcile-tenant';
import { mergeTenantSummaries, type TenantSummaries } from '../../utils/sync/tenant-summaries';
import { DEMO_ANALYST, DEMO_CLIENT_ID } from '../fixtures/demo-tenants';
import { fakeCloudFetch } from '../support/fake-cloud-fetch';
import { fakeCloudTokens, signInToFakeCloud } from '../support/fake-cloud-tokens';
import { MemoryTenantCacheStore } from '../support/memory-tenant-cache-store';
import { startBenchCloud, type BenchCloudShard } from './bench-cloud';
import type { BenchSection } from './bench-section';
import { formatBytes, formatCount, formatMs, formatTable } from './format-table';

interface Measured<T> {
  requests: number;
  bytes: number;
  ms: number;
  /** CPU time of this process (the sync engine; the fake cloud runs elsewhere), user + system. */
  cpuMs: number;
  /** CPU time of the fake cloud processes meanwhile. */
  fakeCpuMs: number;
  value: T;
}

/** Tenants changed upstream before each "few changed" poll, two incidents each. */
const changedTenantCount = 10;

function envNumber(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

async function run(): Promise<string> {
  const tenantCount = envNumber('BENCH_TENANTS', 200);
  const incidentsPerTenant = envNumber('BENCH_INCIDENTS', 300);
  const shardCount = envNumber('BENCH_CLOUD_PROCESSES', 2);
  const started = performance.now();
  const meter = { requests: 0, bytes: 0, transportFailures: 0 };
  const shards = await startBenchCloud({ tenantCount, incidentsPerTenant, shardCount, now: Date.now() });
  const seededAt = performance.now();
  const fetches = shards.map((shard) =>
    fakeCloudFetch(shard, {
      maxSockets: 8,
      onResponse: (record) => {
        if (new URL(record.url).hostname !== 'graph.microsoft.com') return;
        meter.requests += 1;
        meter.bytes += record.responseBytes;
      },
    }),
  );

  async function measure<T>(work: () => Promise<T>): Promise<Measured<T>> {
    meter.requests = 0;
    meter.bytes = 0;
    const fakeCpu = async () => (await Promise.all(shards.map((shard) => shard.cpuMs()))).reduce((sum, ms) => sum + ms, 0);
    const fakeBefore = await fakeCpu();
    const begin = performance.now();
    const cpu = process.cpuUsage();
    const value = await work();
    const used = process.cpuUsage(cpu);
    const ms = performance.now() - begin;
    const fakeCpuMs = (await fakeCpu()) - fakeBefore;
    return {
      requests: meter.requests,
      bytes: meter.bytes,
      ms,
      cpuMs: (used.user + used.system) / 1000,
      fakeCpuMs,
      value,
    };
  }

  try {
    const clients = new Map<string, GraphClient>();
    const betaClients = new Map<string, GraphClient>();
    const shardOf = new Map<string, BenchCloudShard>();
    const configs: TenantConfig[] = [];
    let tokenGrants = 0;
    let tokenMs = 0;
    let tokenCpuMs = 0;
    for (const [index, shard] of shards.entries()) {
      const fetch = fetches[index]!;
      const refreshToken = await signInToFakeCloud(fetch, { clientId: DEMO_CLIENT_ID, upn: DEMO_ANALYST.upn });
      const tokens = fakeCloudTokens(fetch, { clientId: DEMO_CLIENT_ID, refreshToken });
      // Tokens first, so the Graph figures are Graph's alone (the broker keeps tokens for an hour).
      const grants = await measure(() => mapWithConcurrency(shard.tenants, 8, (tenant) => tokens.accessToken(tenant.tenantId)));
      tokenMs += grants.ms;
      tokenCpuMs += grants.cpuMs;
      tokenGrants += tokens.tokenRequests;
      for (const tenant of shard.tenants) {
        configs.push(tenantConfigSchema.parse({ tenantId: tenant.tenantId, displayName: tenant.displayName, service: tenant.service }));
        const ports = tokens.portsFor(tenant.tenantId);
        const send = ports.fetch ?? fetch;
        // Counts exchanges that failed without an answer (the client retries them): they cost wall time.
        const counted: FetchImplementation = (url, init) =>
          send(url, init).catch((error: unknown) => {
            meter.transportFailures += 1;
            throw error;
          });
        clients.set(tenant.tenantId, createGraphClient({ ...ports, fetch: counted }));
        betaClients.set(tenant.tenantId, createGraphClient({ ...ports, fetch: counted }, { version: 'beta' }));
        shardOf.set(tenant.tenantId, shard);
      }
    }
    configs.sort((a, b) => a.tenantId.localeCompare(b.tenantId));
    const graphFor = (tenant: TenantConfig): GraphClient => clients.get(tenant.tenantId)!;

    /** Two incidents changed upstream in each of the first tenants. */
    async function changeSomeIncidents(): Promise<number> {
      const counts = await Promise.all(
        shards.map((shard) =>
          shard.change(configs.slice(0, changedTenantCount).map((tenant) => tenant.tenantId).filter((id) => shardOf.get(id) === shard)),
        ),
      );
      return counts.reduce((sum, count) => sum + count, 0);
    }

    const store = new MemoryTenantCacheStore();
    let summaries: TenantSummaries = {};
    const configuredKeys = new Set(configs.map((tenant) => tenant.tenantId));
    /**
     * One incremental round as the background runs it (sync-runner.ts): the polls, the hourly
     * reconciliation when due (`reconcile`: forced, as if its hour had passed), and the open-task reads;
     * reduced at once to the figures printed (whole results would only load the GC).
     */
    const syncRound = async (reconcile = false) => {
      const results = await syncAllTenants({
        tenants: configs,
        store,
        graphFor,
        reconcile: { intervalMs: defaultReconcileIntervalMs, force: reconcile },
      });
      const succeeded = results.filter((result) => result.cache.status.state === 'ok');
      const taskCounts = await openGuidedTaskCounts(succeeded, (tenant) => betaClients.get(tenant.tenantId)!, {
        previous: summaries,
        now: new Date(),
      });
      summaries = mergeTenantSummaries(summaries, results.map((result) => result.cache), configuredKeys, taskCounts);
      return {
        failures: results.filter((result) => result.cache.status.state !== 'ok').length,
        cached: results.reduce((sum, result) => sum + Object.keys(result.cache.incidents).length, 0),
        newlyActionable: results.reduce((sum, result) => sum + result.changes.newlyActionable.length, 0),
        resolved: results.reduce((sum, result) => sum + result.changes.resolvedOrGone.length, 0),
      };
    };

    const first = await measure(() => syncRound());
    const storedBytes = store.storedBytes;
    const steady = await measure(() => syncRound());
    const reconciled = await measure(() => syncRound(true));
    const changedCount = await changeSomeIncidents();
    const changed = await measure(() => syncRound());

    // The naive engine keeps no state, so its first sync and a poll with nothing changed are one and
    // the same request sequence: measured once (it is the costliest part of the bench) for both rows.
    const naiveFull = await measure(() => naivePoll(configs, graphFor));
    const naiveChangedCount = await changeSomeIncidents();
    const naiveChanged = await measure(() => naivePoll(configs, graphFor));
    const windowSteady = await measure(() => windowPoll(configs, graphFor));
    const windowChangedCount = await changeSomeIncidents();
    const windowChanged = await measure(() => windowPoll(configs, graphFor));

    const perTenant = (requests: number) => (requests / tenantCount).toFixed(2);
    const cells = (measured: Measured<unknown>) => [
      formatCount(measured.requests),
      perTenant(measured.requests),
      formatBytes(measured.bytes),
      formatMs(measured.ms),
      formatMs(measured.cpuMs),
      formatMs(measured.fakeCpuMs),
    ];
    const ratio = (naive: number, incremental: number) => (incremental === 0 ? '–' : `${(naive / incremental).toFixed(1)}x`);
    const rows = (label: string, incremental: Measured<unknown>, naive: Measured<unknown>, naiveLabel = 'naive', window?: Measured<unknown>) => [
      [label, 'incremental', ...cells(incremental), ''],
      ...(window
        ? [['', 'window, no watermark', ...cells(window), `${ratio(window.requests, incremental.requests)} req, ${ratio(window.bytes, incremental.bytes)} bytes`]]
        : []),
      ['', naiveLabel, ...cells(naive), `${ratio(naive.requests, incremental.requests)} req, ${ratio(naive.bytes, incremental.bytes)} bytes`],
    ];
    const table = formatTable(
      ['poll', 'engine', 'requests', 'per tenant', 'response bytes', 'wall', 'engine CPU', 'fake CPU', 'baseline / incremental'],
      [
        ...rows('first sync', first, naiveFull),
        ...rows('steady, nothing changed', steady, naiveFull, 'naive (same poll*)', windowSteady),
        ...rows('steady + hourly reconciliation', reconciled, naiveFull, 'naive (same poll*)'),
        ...rows(`${changedCount} incidents changed`, changed, naiveChanged, 'naive', windowChanged),
      ],
    );

    const facts = formatTable(
      ['measured', 'value'],
      [
        ['tenants x incidents seeded', `${formatCount(tenantCount)} x ${formatCount(incidentsPerTenant)} = ${formatCount(tenantCount * incidentsPerTenant)}`],
        ['Graph page size ($top)', String(defaultIncidentPageSize)],
        ['tenants polled at a time', String(defaultSyncConcurrency)],
        [
          'Graph requests per tenant per background round (lists, task reads, reconciliation): steady / with reconciliation',
          `${perTenant(steady.requests)} / ${perTenant(reconciled.requests)}`,
        ],
        ['incidents cached after first sync (open + changed in 30 days)', formatCount(first.value.cached)],
        ['incidents listed by a naive poll', formatCount(naiveFull.value)],
        ['tenants not ok after each incremental round', `${first.value.failures} / ${steady.value.failures} / ${changed.value.failures}`],
        ['changes seen by the changed poll (newly "act" / resolved)', `${changed.value.newlyActionable} / ${changed.value.resolved}`],
        ['naive poll after a change: incidents changed', String(naiveChangedCount)],
        ['cache JSON stored, all tenants (after first sync)', formatBytes(storedBytes)],
        ['cache JSON per tenant, average', formatBytes(Math.round(storedBytes / tenantCount))],
        ['refresh-token grants to the fake Entra (one per tenant)', formatCount(tokenGrants)],
        ['token acquisition, all tenants: wall (8 at a time) / engine CPU', `${formatMs(tokenMs)} / ${formatMs(tokenCpuMs)}`],
        ['window baseline after a change: incidents changed', String(windowChangedCount)],
        ['Graph exchanges that failed without an answer (retried)', formatCount(meter.transportFailures)],
        ['fake cloud processes, generated and seeded in', `${shardCount}, ${formatMs(seededAt - started)}`],
        ['section wall time', formatMs(performance.now() - started)],
      ],
    );
    const footnote =
      '* The naive engine keeps no state: its first sync and a poll with nothing changed are the same requests, measured once.';
    return `${table}\n${footnote}\n\n${facts}`;
  } finally {
    for (const fetch of fetches) fetch.close();
    await Promise.all(shards.map((shard) => shard.close()));
  }
}

export const syncBench: BenchSection = {
  name: 'sync',
  title: 'Graph sync: incremental (watermark + $filter) vs naive full re-fetch',
  run,
};
