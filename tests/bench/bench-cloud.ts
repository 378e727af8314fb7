/**
 * The bench's fake cloud: `shardCount` fake Microsoft cloud processes (bench-cloud-process.ts), each
 * serving part of the generated tenants on its own port, each with its own fake Entra.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchCloudConfig, BenchCloudReply, BenchCloudRequest, BenchTenantSummary } from './bench-cloud-protocol';

export interface BenchCloudShard {
  port: number;
  tenants: BenchTenantSummary[];
  /** How long the process took to generate and load its tenants. */
  seedMs: number;
  /** Changes two incidents upstream in each of these tenants; resolves with how many changed. */
  change(tenantIds: string[]): Promise<number>;
  /** CPU time the process has used so far (ms). */
  cpuMs(): Promise<number>;
  close(): Promise<void>;
}

const processEntry = fileURLToPath(new URL('./bench-cloud-process.ts', import.meta.url));

function nextReply<T extends BenchCloudReply['type']>(child: ChildProcess, type: T): Promise<Extract<BenchCloudReply, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: BenchCloudReply) => {
      if (message.type !== type) return;
      cleanup();
      resolve(message as Extract<BenchCloudReply, { type: T }>);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`bench cloud process exited (${code ?? 'signal'}) before '${type}'`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

async function startShard(config: BenchCloudConfig): Promise<BenchCloudShard> {
  // The child inherits this process's execArgv, so under tsx it loads TypeScript too.
  const child = fork(processEntry, [JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await nextReply(child, 'ready');
  const request = (message: BenchCloudRequest) => child.send(message);
  return {
    port: ready.port,
    tenants: ready.tenants,
    seedMs: ready.seedMs,
    async change(tenantIds) {
      const reply = nextReply(child, 'changed');
      request({ type: 'change', tenantIds });
      return (await reply).count;
    },
    async cpuMs() {
      const reply = nextReply(child, 'cpu');
      request({ type: 'cpu' });
      return (await reply).cpuMs;
    },
    async close() {
      if (child.exitCode !== null) return;
      const closed = nextReply(child, 'closed').catch(() => undefined);
      request({ type: 'close' });
      await closed;
      child.kill();
    },
  };
}

export async function startBenchCloud(options: Omit<BenchCloudConfig, 'shardIndex'>): Promise<BenchCloudShard[]> {
  return Promise.all(
    Array.from({ length: options.shardCount }, (_, shardIndex) => startShard({ ...options, shardIndex })),
  );
}
