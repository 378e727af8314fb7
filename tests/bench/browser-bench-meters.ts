/**
 * CPU and memory meters for the browser bench that do not depend on how the extension works inside:
 *
 *   /proc           Chromium's processes, found by the bench's own profile folder on their command line
 *                   (Chromium rewrites its children's titles, so the whole line is searched): CPU time
 *                   (utime + stime) of the browser process, of the extension's renderer process
 *                   (`--extension-process`), of all of them, and of the service worker's own thread
 *                   (named "ServiceWorker thread", cut to 15 characters by the kernel) in that renderer
 *   CDP Profiler    the worker's JavaScript time, sampled (samples not in "(idle)" x the sampling interval)
 *   CDP Runtime     the worker's heap (Runtime.getHeapUsage)
 */
import { readdir, readFile } from 'node:fs/promises';
import type { CdpSession } from './browser-bench-cdp';

/** Linux clock ticks per second (`getconf CLK_TCK`: 100 on every Linux Chromium supports). */
const ticksPerSecond = 100;

interface ChromiumProcess {
  pid: string;
  kind: 'browser' | 'extension' | 'other';
}

async function chromiumProcesses(userDataDir: string): Promise<ChromiumProcess[]> {
  const found: ChromiumProcess[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const line = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).replaceAll('\0', ' ');
    if (!line.includes(`--user-data-dir=${userDataDir}`)) continue;
    const kind = !line.includes('--type=') ? 'browser' : line.includes('--extension-process') ? 'extension' : 'other';
    found.push({ pid, kind });
  }
  return found;
}

/** utime + stime of /proc/<path>/stat, in ms (0 when the process or thread is gone). */
async function cpuMsOf(statPath: string): Promise<number> {
  const stat = await readFile(statPath, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat(5); after "pid (comm) " the list starts at field 3.
  const ticks = Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  return (ticks * 1000) / ticksPerSecond;
}

export interface CpuSnapshot {
  browserMs: number;
  extensionProcessMs: number;
  serviceWorkerThreadMs: number;
  allChromiumMs: number;
}

export async function cpuSnapshot(userDataDir: string): Promise<CpuSnapshot> {
  const snapshot: CpuSnapshot = { browserMs: 0, extensionProcessMs: 0, serviceWorkerThreadMs: 0, allChromiumMs: 0 };
  for (const process of await chromiumProcesses(userDataDir)) {
    const ms = await cpuMsOf(`/proc/${process.pid}/stat`);
    snapshot.allChromiumMs += ms;
    if (process.kind === 'browser') snapshot.browserMs += ms;
    if (process.kind !== 'extension') continue;
    snapshot.extensionProcessMs += ms;
    for (const thread of await readdir(`/proc/${process.pid}/task`).catch(() => [] as string[])) {
      const name = (await readFile(`/proc/${process.pid}/task/${thread}/comm`, 'utf8').catch(() => '')).trim();
      if (name.startsWith('ServiceWorker')) snapshot.serviceWorkerThreadMs += await cpuMsOf(`/proc/${process.pid}/task/${thread}/stat`);
    }
  }
  return snapshot;
}

export function cpuSince(before: CpuSnapshot, after: CpuSnapshot): CpuSnapshot {
  return {
    browserMs: after.browserMs - before.browserMs,
    extensionProcessMs: after.extensionProcessMs - before.extensionProcessMs,
    serviceWorkerThreadMs: after.serviceWorkerThreadMs - before.serviceWorkerThreadMs,
    allChromiumMs: after.allChromiumMs - before.allChromiumMs,
  };
}

const samplingIntervalUs = 1000;

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples?: number[];
}

export interface WorkerProfile {
  /** Samples not in "(idle)" x the sampling interval. */
  busyMs: number;
  /** The functions with the most self time: "name (file:line) ms". */
  top: string[];
}

/** Starts the worker's sampling profiler; the returned stop() gives its JavaScript time in ms. */
export async function profileWorker(worker: CdpSession): Promise<{ stop(): Promise<WorkerProfile> }> {
  await worker.send('Profiler.enable');
  await worker.send('Profiler.setSamplingInterval', { interval: samplingIntervalUs });
  await worker.send('Profiler.start');
  return {
    async stop() {
      const { profile } = await worker.send<{ profile: CpuProfile }>('Profiler.stop');
      const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
      const self = new Map<string, number>();
      let busy = 0;
      for (const id of profile.samples ?? []) {
        const frame = nodes.get(id);
        if (!frame || frame.functionName === '(idle)') continue;
        busy += 1;
        const where = frame.url ? ` (${frame.url.split('/').pop()}:${frame.lineNumber + 1})` : '';
        const name = `${frame.functionName || '(anonymous)'}${where}`;
        self.set(name, (self.get(name) ?? 0) + 1);
      }
      const top = [...self]
        .sort((a, b) => b[1] - a[1])
        .slice(0, Number(process.env.BENCH_BROWSER_PROFILE_TOP) || 5)
        .map(([name, samples]) => `${name} ${Math.round((samples * samplingIntervalUs) / 1000)} ms`);
      return { busyMs: (busy * samplingIntervalUs) / 1000, top };
    },
  };
}

/** The worker's JavaScript heap, used bytes (V8 plus the embedder's, e.g. Blink objects). */
export async function workerHeapBytes(worker: CdpSession): Promise<number> {
  const usage = await worker.send<{ usedSize: number; embedderHeapUsedSize?: number }>('Runtime.getHeapUsage');
  return usage.usedSize + (usage.embedderHeapUsedSize ?? 0);
}
