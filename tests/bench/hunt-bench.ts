/**
 * `npm run bench -- hunt`: one hunting query over 200 tenants (issue 16), the real runner
 * (utils/hunting/run-hunt.ts) and Graph client against the fake cloud, as the worker's hunt service runs
 * it (its concurrency, a client with no retries of its own, real timers). The fake answers each query
 * after a delay like advanced hunting's (0.5–4 s, median 1.5 s), keeps Defender's advanced-hunting quota
 * (45 calls a minute per tenant), and a few tenants are scripted as real ones go wrong: a 429 on the
 * calls limit with Retry-After (waited out, retried once), the CPU quota (not retried), no consent for
 * the hunting scope, no role. Printed: wall time, outcomes, requests and the busiest tenant's calls per
 * minute against the quota, in flight at once, rows. Settings: BENCH_HUNT_TENANTS (200),
 * BENCH_HUNT_CONCURRENCY (the service's).
 */
import { DEMO_ANALYST, DEMO_CLIENT_ID } from '../fixtures/demo-tenants';
import { huntRequests, huntRequestTenant } from '../fakes/fake-hunting';
import { startFakeMicrosoftCloud } from '../fakes/fake-microsoft-cloud';
import { fakeCloudFetch } from '../support/fake-cloud-fetch';
import { fakeCloudTokens, signInToFakeCloud } from '../support/fake-cloud-tokens';
import { createGraphClient } from '../../utils/graph/graph-client';
import { TokenUnavailableError } from '../../utils/domain/token-unavailable-error';
import { createHuntCallLedger, defaultHuntConcurrency, runHunt } from '../../utils/hunting/run-hunt';
import { huntProgress, huntResultLines } from '../../utils/hunting/hunt-results';
import type { HuntRun, HuntTenantState } from '../../utils/hunting/hunt-model';
import type { BenchSection } from './bench-section';
import { formatTable } from './format-table';
import { generateBenchHuntingTables } from './generate-bench-tenants';

const tenantCount = Number(process.env.BENCH_HUNT_TENANTS) || 200;
const concurrency = Number(process.env.BENCH_HUNT_CONCURRENCY) || defaultHuntConcurrency;
const query = 'DeviceProcessEvents\n| where Timestamp > ago(7d)\n| where FileName =~ "rclone.exe"\n| project Timestamp, DeviceName, AccountName, ProcessCommandLine';
const huntingScope = 'https://graph.microsoft.com/ThreatHunting.Read.All';

const tenantIdOf = (index: number) => `b0000000-0000-4000-8000-${String(index).padStart(12, '0')}`;

async function run(): Promise<string> {
  const cloud = await startFakeMicrosoftCloud({
    seed: 'none',
    // Advanced hunting answers in seconds, not in Graph's usual few hundred milliseconds.
    graphLoad: { latency: { minMs: 500, medianMs: 1500, maxMs: 4000 } },
  });
  const fetch = fakeCloudFetch(cloud, { maxSockets: 64 });
  const now = Date.now();
  const tenants: HuntTenantState[] = [];
  for (let index = 0; index < tenantCount; index += 1) {
    const tenantId = tenantIdOf(index);
    cloud.entra.consentedTenants.add(tenantId);
    cloud.graph.setTenant(tenantId, { displayName: `Customer ${index + 1}`, incidents: [], incidentTasks: [], role: 'reader' });
    cloud.graph.hunting.setTables(tenantId, generateBenchHuntingTables(index, now));
    tenants.push({ tenantKey: tenantId, tenantId, displayName: `Customer ${index + 1}`, outcome: { kind: 'pending' } });
  }
  // What goes wrong in real fleets, a few tenants each.
  for (const index of [3, 50, 97, 140, 188]) cloud.graph.hunting.scriptNext(tenantIdOf(index), { kind: 'throttled', limit: 'calls', retryAfterSeconds: 2 });
  for (const index of [20, 120]) cloud.graph.hunting.scriptNext(tenantIdOf(index), { kind: 'throttled', limit: 'cpu', retryAfterSeconds: 600 });
  for (const index of [7, 77]) cloud.entra.scopesNotConsented.set(tenantIdOf(index), new Set(['ThreatHunting.Read.All']));
  cloud.graph.hunting.setRoleMissing(tenantIdOf(150));

  try {
    const refreshToken = await signInToFakeCloud(fetch, { clientId: DEMO_CLIENT_ID, upn: DEMO_ANALYST.upn });
    const tokens = fakeCloudTokens(fetch, { clientId: DEMO_CLIENT_ID, refreshToken, scope: `${huntingScope} offline_access` });
    const clients = new Map(
      tenants.map((tenant) => {
        const ports = tokens.portsFor(tenant.tenantId);
        const accessToken = () =>
          ports.accessToken().catch((error: unknown) => {
            // The broker's word for Entra's AADSTS65001 (consent_required), as the worker would see it.
            const message = error instanceof Error ? error.message : String(error);
            throw new TokenUnavailableError(/AADSTS65001|consent/i.test(message) ? 'consentRequired' : 'failed', message);
          });
        return [tenant.tenantKey, createGraphClient({ ...ports, accessToken }, { maxRetries: 0 })] as const;
      }),
    );
    cloud.clearRequests();
    let inFlight = 0;
    let maxInFlight = 0;
    const state: HuntRun = { runId: 'bench', query, timespan: 'P7D', startedAt: Date.now(), finishedAt: null, state: 'running', stoppedReason: null, source: null, tenants };
    const started = performance.now();
    const result = await runHunt(
      { runId: 'bench', query, timespan: 'P7D', tenants },
      {
        async runQuery(tenant, body, signal) {
          inFlight += 1;
          maxInFlight = Math.max(maxInFlight, inFlight);
          try {
            return await clients.get(tenant.tenantKey)!.runHuntingQuery(body, { signal });
          } finally {
            inFlight -= 1;
          }
        },
        now: () => Date.now(),
        sleep: (ms, signal) =>
          new Promise((resolve, reject) => {
            const timer = setTimeout(resolve, ms);
            signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
          }),
        onTenant(next) {
          const index = state.tenants.findIndex((tenant) => tenant.tenantKey === next.tenantKey);
          state.tenants[index] = next;
        },
      },
      new AbortController().signal,
      { concurrency, ledger: createHuntCallLedger() },
    );
    const wallMs = performance.now() - started;
    const finished: HuntRun = { ...state, tenants: result.tenants, state: result.state, finishedAt: Date.now() };
    const hunts = huntRequests(cloud.graphRequests());
    const perTenantMinute = new Map<string, number>();
    for (const request of hunts) {
      const key = `${huntRequestTenant(request)}|${Math.floor(request.time.getTime() / 60_000)}`;
      perTenantMinute.set(key, (perTenantMinute.get(key) ?? 0) + 1);
    }
    const kinds = new Map<string, number>();
    for (const line of huntResultLines(finished)) kinds.set(line.kind, (kinds.get(line.kind) ?? 0) + 1);
    const answered429 = hunts.filter((request) => request.status === 429).length;
    const progress = huntProgress(finished);
    const rows: [string, string][] = [
      ['tenants / concurrency', `${tenantCount} / ${concurrency}`],
      ['wall time, whole query', `${(wallMs / 1000).toFixed(1)} s`],
      ['run state', result.state],
      ['outcomes', [...kinds].map(([kind, count]) => `${kind} ${count}`).join(', ')],
      ['rows found / tenants with rows', `${progress.rows} / ${finished.tenants.filter((tenant) => tenant.outcome.kind === 'done' && tenant.outcome.rows > 0).length}`],
      ['hunting requests (429s answered)', `${hunts.length} (${answered429})`],
      ['requests per tenant: max in one minute (quota 45)', String(Math.max(0, ...perTenantMinute.values()))],
      ['tenants in flight at once, max', String(maxInFlight)],
    ];
    return [
      formatTable(['measure', 'value'], rows),
      '',
      `Fake advanced hunting: 0.5/1.5/4 s per query (min/median/max), 45 calls per minute per tenant; scripted: 5 tenants a calls-limit 429`,
      `(Retry-After 2 s, retried once), 2 the CPU quota (not retried), 2 without consent for ThreatHunting.Read.All, 1 without a role.`,
    ].join('\n');
  } finally {
    fetch.close();
    await cloud.close();
  }
}

export const huntBench: BenchSection = {
  name: 'hunt',
  title: 'Hunt: one query over 200 tenants (runner + Graph client against the fake cloud)',
  run,
};
