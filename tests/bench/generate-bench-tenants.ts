/**
 * Seed data for the bench: many customer tenants with many incidents each, generated from a seeded
 * PRNG (the same numbers every run), in raw Graph JSON shaped like tests/fixtures/demo-tenants.ts.
 * The mix is meant to look like a real MSSP queue: about 76% resolved, 4% redirected (merged), 10%
 * active, 7% in progress, 3% awaiting customer action; 40% handled by Defender Experts, 4% from Defender
 * Experts hunting; created over the last four months; one or two alerts each (evidence left out);
 * nothing updated in the last ten minutes, so the bench's own upstream changes are the only news.
 */
import type { GraphAlertJson, GraphIncidentJson, HuntingRowJson } from '../fakes/graph-contract';
import { graphTimestamp } from '../fakes/graph-time';

export type JsonObject = Record<string, unknown>;

export interface BenchTenant {
  tenantId: string;
  displayName: string;
  service: 'xdr' | 'hunting' | 'none';
  /** Typed against Microsoft's contract (tests/fakes/graph-contract.ts). */
  incidents: GraphIncidentJson[];
}

const minute = 60_000;
const day = 24 * 60 * minute;

/** mulberry32: small, fast, good enough for test data. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

const titles = [
  'Multi-stage incident involving Initial access & Lateral movement on one endpoint',
  'Suspicious PowerShell command line on multiple endpoints',
  'Email messages containing malicious URL removed after delivery',
  'Unfamiliar sign-in properties involving one user',
  'Suspicious inbox manipulation rule',
  'Anonymous IP address sign-in involving one user',
  'Ransomware behavior detected in the file system',
  'Credential dumping activity on one endpoint',
  'Multiple failed user log on attempts to an app',
  'Suspicious use of a living-off-the-land binary',
];
const sources = [
  { serviceSource: 'microsoftDefenderForEndpoint', detectionSource: 'microsoftDefenderForEndpoint', category: 'Execution' },
  { serviceSource: 'microsoftDefenderForOffice365', detectionSource: 'microsoftDefenderForOffice365', category: 'InitialAccess' },
  { serviceSource: 'microsoftDefenderForIdentity', detectionSource: 'microsoftDefenderForIdentity', category: 'CredentialAccess' },
  { serviceSource: 'azureAdIdentityProtection', detectionSource: 'azureAdIdentityProtection', category: 'InitialAccess' },
  { serviceSource: 'microsoftDefenderForEndpoint', detectionSource: 'antivirus', category: 'Malware' },
] as const;
const severities = ['informational', 'low', 'medium', 'medium', 'high'] as const;
const analysts = ['analyst@woodgrove-mssp.example', 'jordan.lee@woodgrove-mssp.example'];

export function benchTenantId(index: number): string {
  return `0be4c400-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function alert(random: () => number, tenantId: string, incidentId: string, index: number, created: number, updated: number, hunting: boolean): GraphAlertJson {
  const source = hunting
    ? ({ serviceSource: 'microsoftDefenderForEndpoint', detectionSource: 'microsoftThreatExperts', category: 'SuspiciousActivity' } as const)
    : pick(random, sources);
  const id = `da${incidentId}${638_700_000_000_000_000n + BigInt(index)}_${index}`;
  return {
    '@odata.type': '#microsoft.graph.security.alert',
    id,
    providerAlertId: id,
    incidentId,
    status: 'new',
    severity: pick(random, severities),
    classification: null,
    determination: null,
    serviceSource: source.serviceSource,
    detectionSource: source.detectionSource,
    productName: hunting ? 'Microsoft Defender Experts' : 'Microsoft Defender for Endpoint',
    detectorId: `${source.category.toLowerCase()}-detector-${index}`,
    tenantId,
    title: pick(random, titles),
    description: 'A process used a suspicious command line; see the process tree and the evidence for details.',
    recommendedActions: 'Review the process tree, isolate the device if the activity is confirmed malicious.',
    category: source.category,
    assignedTo: null,
    alertWebUrl: `https://security.microsoft.com/alerts/${id}?tid=${tenantId}`,
    incidentWebUrl: `https://security.microsoft.com/incidents/${incidentId}?tid=${tenantId}`,
    actorDisplayName: null,
    threatDisplayName: null,
    threatFamilyName: null,
    mitreTechniques: ['T1059.001', 'T1105'],
    createdDateTime: graphTimestamp(created),
    lastUpdateDateTime: graphTimestamp(updated),
    resolvedDateTime: null,
    firstActivityDateTime: graphTimestamp(created - 30 * minute),
    lastActivityDateTime: graphTimestamp(created - 5 * minute),
    comments: [],
    // Evidence is left out: it is the bulk of a real alert, and the fake copies every incident of a
    // tenant for each page it serves, so it would only slow the bench down, not change its ratios.
    evidence: [],
    systemTags: [],
  };
}

function incident(random: () => number, tenantId: string, id: string, now: number): GraphIncidentJson {
  const created = now - (10 * minute + random() * 120 * day);
  const roll = random();
  const status =
    roll < 0.03 ? 'awaitingAction' : roll < 0.13 ? 'active' : roll < 0.2 ? 'inProgress' : roll < 0.24 ? 'redirected' : 'resolved';
  const open = status !== 'resolved' && status !== 'redirected';
  const latest = now - 10 * minute;
  const updated = open ? created + random() * (latest - created) : Math.min(latest, created + random() * 3 * day);
  const hunting = random() < 0.04;
  const defenderExperts = random() < 0.4;
  const assignedTo =
    status === 'awaitingAction'
      ? 'Customer'
      : status === 'redirected'
        ? null
        : defenderExperts
          ? status === 'resolved'
            ? 'Customer'
            : 'Defender Experts'
          : random() < 0.5
            ? null
            : pick(random, analysts);
  // Most incidents have one alert, a third have two: Graph incidents with $expand=alerts run 1.5-3 KB.
  const alertCount = random() < 0.33 ? 2 : 1;
  return {
    id,
    tenantId,
    status,
    incidentWebUrl: `https://security.microsoft.com/incident2/${id}/overview?tid=${tenantId}`,
    redirectIncidentId: status === 'redirected' ? String(Number(id) - 1) : null,
    displayName: hunting ? `Defender Experts: ${pick(random, titles)}` : pick(random, titles),
    createdDateTime: graphTimestamp(created),
    lastUpdateDateTime: graphTimestamp(updated),
    assignedTo,
    classification: status === 'resolved' ? pick(random, ['truePositive', 'falsePositive', 'informationalExpectedActivity'] as const) : 'unknown',
    determination: 'unknown',
    severity: pick(random, severities),
    customTags: random() < 0.2 ? ['VIP'] : [],
    systemTags: defenderExperts ? ['Defender Experts'] : [],
    description: null,
    summary: defenderExperts ? 'Defender Experts reviewed the activity and summarised the findings for the customer.' : null,
    resolvingComment: status === 'resolved' ? 'Resolved after investigation.' : null,
    lastModifiedBy: 'API-App:SecurityIR@microsoft.com',
    comments: [],
    priorityScore: Math.floor(random() * 100),
    alerts: Array.from({ length: alertCount }, (_, index) => alert(random, tenantId, id, index, created, updated, hunting && index === 0)),
  };
}

/** Tenant number `index` of the bench world: the same tenant every run, whichever process makes it. */
export function generateBenchTenant(index: number, incidentsPerTenant: number, now: number, seed = 20261127): BenchTenant {
  const random = seededRandom(seed + index * 7919);
  const tenantId = benchTenantId(index);
  const services = ['xdr', 'xdr', 'xdr', 'hunting', 'none'] as const;
  return {
    tenantId,
    displayName: `Customer ${index + 1}`,
    service: pick(random, services),
    incidents: Array.from({ length: incidentsPerTenant }, (_, position) =>
      incident(random, tenantId, String(100_000 + position), now),
    ),
  };
}

/**
 * Tenant number `index`'s advanced hunting rows (fake-hunting.ts `setTables`): 0-20 DeviceProcessEvents
 * rows over the last 7 days, most tenants none (70% 0, 20% 1-5, 10% 6-20); about a third of the rows are
 * rclone.exe. From its own PRNG stream, so the incidents stay the same as before.
 */
export function generateBenchHuntingTables(index: number, now: number, seed = 20261127): Record<string, HuntingRowJson[]> {
  const random = seededRandom(seed + index * 7919 + 1);
  const roll = random();
  const count = roll < 0.7 ? 0 : roll < 0.9 ? 1 + Math.floor(random() * 5) : 6 + Math.floor(random() * 15);
  const files = ['rclone.exe', 'powershell.exe', 'cmd.exe'] as const;
  const rows = Array.from({ length: count }, (_, position): HuntingRowJson => {
    const fileName = pick(random, files);
    const device = `ws-${String(1 + Math.floor(random() * 400)).padStart(4, '0')}.customer${index + 1}.example`;
    return {
      Timestamp: graphTimestamp(now - random() * 7 * day),
      DeviceId: `${index.toString(16).padStart(8, '0')}${position.toString(16).padStart(32, '0')}`,
      DeviceName: device,
      ActionType: 'ProcessCreated',
      FileName: fileName,
      ProcessCommandLine: fileName === 'rclone.exe' ? 'rclone.exe copy C:\\Shares remote:stage' : `${fileName} /c whoami`,
      AccountName: pick(random, ['svc-backup', 'admin', 'user1'] as const),
      ReportId: 10_000 + position,
    };
  });
  return { DeviceProcessEvents: rows };
}
