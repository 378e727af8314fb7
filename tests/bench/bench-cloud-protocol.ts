/** Messages between the bench and its fake cloud processes (bench-cloud.ts <-> bench-cloud-process.ts). */

export interface BenchCloudConfig {
  tenantCount: number;
  incidentsPerTenant: number;
  /** This process serves the tenants whose index % shardCount === shardIndex. */
  shardIndex: number;
  shardCount: number;
  /** Epoch ms the generated dates are relative to. */
  now: number;
}

export interface BenchTenantSummary {
  tenantId: string;
  displayName: string;
  service: 'xdr' | 'hunting' | 'none';
}

export type BenchCloudRequest = { type: 'change'; tenantIds: string[] } | { type: 'cpu' } | { type: 'close' };

export type BenchCloudReply =
  | { type: 'ready'; port: number; tenants: BenchTenantSummary[]; seedMs: number }
  | { type: 'changed'; count: number }
  /** CPU time (user + system) the process has used so far, in ms. */
  | { type: 'cpu'; cpuMs: number }
  | { type: 'closed' };
