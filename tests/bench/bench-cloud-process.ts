/**
 * A fake Microsoft cloud in its own process, serving one shard of the bench tenants. The fake's work
 * (it copies a tenant's incidents for every page it serves) then runs on another core than the sync
 * engine being measured, as Graph would. Started by bench-cloud.ts with the config as argv[2] (JSON).
 */
import { startFakeMicrosoftCloud } from '../fakes/fake-microsoft-cloud';
import type { BenchCloudConfig, BenchCloudReply, BenchCloudRequest } from './bench-cloud-protocol';
import { generateBenchHuntingTables, generateBenchTenant } from './generate-bench-tenants';

const config = JSON.parse(process.argv[2] ?? '{}') as BenchCloudConfig;
const send = (reply: BenchCloudReply) => process.send?.(reply);

const started = performance.now();
const cloud = await startFakeMicrosoftCloud({ seed: 'none' });
const tenants = [];
for (let index = config.shardIndex; index < config.tenantCount; index += config.shardCount) {
  const tenant = generateBenchTenant(index, config.incidentsPerTenant, config.now);
  cloud.entra.consentedTenants.add(tenant.tenantId);
  cloud.graph.setTenant(tenant.tenantId, { displayName: tenant.displayName, incidents: tenant.incidents, role: 'reader' });
  cloud.graph.hunting.setTables(tenant.tenantId, generateBenchHuntingTables(index, config.now));
  tenants.push({ tenantId: tenant.tenantId, displayName: tenant.displayName, service: tenant.service });
}

/** Two upstream changes per tenant: one open incident resolved, one handed to the customer. */
function change(tenantIds: readonly string[]): number {
  let count = 0;
  for (const tenantId of tenantIds) {
    const data = cloud.graph.tenant(tenantId);
    const open = data.incidents.filter((incident) => incident['status'] === 'active' || incident['status'] === 'inProgress');
    const [toResolve, toHandOver] = open;
    if (toResolve) {
      data.updateIncident(String(toResolve['id']), { status: 'resolved', classification: 'truePositive' });
      count += 1;
    }
    if (toHandOver) {
      data.updateIncident(String(toHandOver['id']), { status: 'awaitingAction', assignedTo: 'Customer' });
      count += 1;
    }
  }
  return count;
}

process.on('message', (message: BenchCloudRequest) => {
  if (message.type === 'change') send({ type: 'changed', count: change(message.tenantIds) });
  if (message.type === 'cpu') {
    const used = process.cpuUsage();
    send({ type: 'cpu', cpuMs: (used.user + used.system) / 1000 });
  }
  if (message.type === 'close') {
    void cloud.close().then(() => {
      send({ type: 'closed' });
      process.disconnect();
    });
  }
});

send({ type: 'ready', port: cloud.port, tenants, seedMs: performance.now() - started });
