/**
 * The browser bench's Microsoft cloud: the fake cloud (in this process) seeded with N generated tenants x
 * 300 incidents (generate-bench-tenants.ts), Defender's quotas on (graph-load.ts) and the latency turned on
 * once the first sync is over; upstream handoffs (an open incident set to awaiting customer action, one per
 * tenant) at chosen moments; and the figures the request log gives: requests per tenant, 429s, and when a
 * tenant's incidents list was last answered.
 */
import { decodeJwtPayload } from '../fakes/fake-jwt';
import { startFakeMicrosoftCloud, type FakeMicrosoftCloud, type RecordedRequest } from '../fakes/fake-microsoft-cloud';
import { defenderIncidentQuotas, type GraphLatency } from '../fakes/graph-load';
import { generateBenchTenant, type BenchTenant } from './generate-bench-tenants';

export const incidentsPerTenant = 300;

export interface BenchWorld {
  cloud: FakeMicrosoftCloud;
  tenants: Pick<BenchTenant, 'tenantId' | 'displayName' | 'service'>[];
  /** Graph's latency from now on (the first sync runs without it, to keep the section short). */
  startLatency(): void;
  /**
   * Defender Experts hands one open incident of the tenant to the customer (awaiting customer action),
   * now; null for a tenant without Defender Experts, where awaiting action means nothing to Handoff.
   */
  handOff(tenantId: string): { tenantId: string; incidentId: string; at: number } | null;
  close(): Promise<void>;
}

export async function startBenchWorld(tenantCount: number, latency: GraphLatency): Promise<BenchWorld> {
  const cloud = await startFakeMicrosoftCloud({ seed: 'none', graphLoad: { throttle: defenderIncidentQuotas } });
  const now = Date.now();
  const tenants: BenchWorld['tenants'] = [];
  for (let index = 0; index < tenantCount; index += 1) {
    const tenant = generateBenchTenant(index, incidentsPerTenant, now);
    cloud.entra.consentedTenants.add(tenant.tenantId);
    cloud.graph.setTenant(tenant.tenantId, { displayName: tenant.displayName, incidents: tenant.incidents, role: 'reader' });
    tenants.push({ tenantId: tenant.tenantId, displayName: tenant.displayName, service: tenant.service });
  }
  return {
    cloud,
    tenants,
    startLatency: () => cloud.graphLoad.configure({ latency }),
    handOff(tenantId) {
      if (tenants.find((tenant) => tenant.tenantId === tenantId)?.service === 'none') return null;
      const data = cloud.graph.tenant(tenantId);
      // Open, and not already the partner's (Defender Experts hunting): the handoff adds one to "awaiting you".
      const open = data.incidents.filter(
        (incident) =>
          (incident['status'] === 'active' || incident['status'] === 'inProgress') &&
          !String(incident['displayName']).startsWith('Defender Experts'),
      );
      const chosen = open[Math.floor(Math.random() * open.length)];
      if (!chosen) return null;
      data.updateIncident(String(chosen['id']), { status: 'awaitingAction', assignedTo: 'Customer' });
      return { tenantId, incidentId: String(chosen['id']), at: Date.now() };
    },
    close: () => cloud.close(),
  };
}

/** The tenant (token `tid`) a recorded Graph request was made for. */
export function tenantOf(request: RecordedRequest): string | undefined {
  const token = /^Bearer (.+)$/i.exec(request.headers['authorization'] ?? '')?.[1];
  const tid = token ? decodeJwtPayload(token)?.['tid'] : undefined;
  return typeof tid === 'string' ? tid : undefined;
}

/** Graph requests (no CORS preflights) that arrived in [from, to). */
export function graphRequestsBetween(cloud: FakeMicrosoftCloud, from: number, to: number): RecordedRequest[] {
  return cloud.graphRequests().filter((request) => request.time.getTime() >= from && request.time.getTime() < to);
}

/** When the tenant's incident list was first answered after `after` (the list then held the change). */
export function listAnsweredAfter(cloud: FakeMicrosoftCloud, tenantId: string, after: number): number | null {
  for (const request of cloud.graphRequests()) {
    const answered = request.answeredAt?.getTime();
    if (answered === undefined || answered <= after || request.status !== 200) continue;
    if (request.path !== '/v1.0/security/incidents' || tenantOf(request) !== tenantId) continue;
    return answered;
  }
  return null;
}

export interface ThrottleFigures {
  /** The most requests one tenant had admitted in any 60-second window, and the median tenant's. */
  maxPerMinute: number;
  medianPerMinute: number;
  /** 429s answered, and how many tenants got at least one. */
  throttledRequests: number;
  throttledTenants: number;
}

/** Requests per tenant per minute against the quota, over every Graph request of the run. */
export function throttleFigures(cloud: FakeMicrosoftCloud): ThrottleFigures {
  const byTenant = new Map<string, number[]>();
  const throttledTenants = new Set<string>();
  let throttledRequests = 0;
  for (const request of cloud.graphRequests()) {
    const tenantId = tenantOf(request);
    if (!tenantId || !request.path.includes('/security/')) continue;
    if (request.throttled) {
      throttledRequests += 1;
      throttledTenants.add(tenantId);
      continue;
    }
    const times = byTenant.get(tenantId) ?? [];
    times.push(request.time.getTime());
    byTenant.set(tenantId, times);
  }
  const peaks = [...byTenant.values()].map((times) => {
    let peak = 0;
    for (let start = 0, end = 0; end < times.length; end += 1) {
      while (times[end]! - times[start]! >= 60_000) start += 1;
      peak = Math.max(peak, end - start + 1);
    }
    return peak;
  });
  peaks.sort((a, b) => a - b);
  return {
    maxPerMinute: peaks.at(-1) ?? 0,
    medianPerMinute: peaks[Math.floor(peaks.length / 2)] ?? 0,
    throttledRequests,
    throttledTenants: throttledTenants.size,
  };
}
