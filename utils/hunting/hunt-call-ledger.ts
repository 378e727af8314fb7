import type { HuntLimit } from './hunt-model';

/**
 * The advanced-hunting calls Handoff made per tenant, remembered across runs (the worker keeps one
 * ledger), so a run never asks a tenant for more than Graph allows (at least 45 calls a minute per tenant;
 * Handoff stays under it, and under an hourly ceiling). Sliding windows over the calls' times, and the
 * tenants a 429 blocked until its Retry-After (or the quota's documented cycle) passed.
 */
export interface HuntCallLedger {
  /** 0 when a call to the tenant is allowed now (the call is recorded), else the ms to wait before asking again. */
  reserve(tenantKey: string, now: number): number;
  /** A 429: no call to the tenant before `until` (epoch ms), whichever run asks; the later of two blocks holds. */
  block(tenantKey: string, until: number, limit: HuntLimit): void;
  /** The limit a wait for the tenant now is for: a block's, else the call rate's. */
  limitOf(tenantKey: string, now: number): HuntLimit;
}

export interface HuntCallLimits {
  perMinute: number;
  perHour: number;
}

export const defaultHuntCallLimits: HuntCallLimits = { perMinute: 40, perHour: 1400 };

const minuteMs = 60_000;
const hourMs = 3_600_000;
/** The CPU quota's cycle: "blocked ... until after the next 15-minute cycle" (graph-security-api.md). */
const cpuCycleMs = 15 * minuteMs;

/** How long a 429 blocks its tenant: its Retry-After, else the CPU quota's cycle or a minute of the call rate. */
export function huntBlockMs(limit: HuntLimit, retryAfterSeconds: number | null): number {
  if (retryAfterSeconds !== null) return Math.max(0, retryAfterSeconds * 1000);
  return limit === 'cpu' ? cpuCycleMs : minuteMs;
}

export function createHuntCallLedger(given: Partial<HuntCallLimits> = {}): HuntCallLedger {
  const limits = { ...defaultHuntCallLimits, ...given };
  const calls = new Map<string, number[]>();
  const blocks = new Map<string, { until: number; limit: HuntLimit }>();
  const blockOf = (tenantKey: string, now: number) => {
    const block = blocks.get(tenantKey);
    if (block !== undefined && block.until <= now) blocks.delete(tenantKey);
    return block !== undefined && block.until > now ? block : null;
  };
  return {
    reserve(tenantKey, now) {
      const kept = (calls.get(tenantKey) ?? []).filter((time) => time > now - hourMs && time <= now);
      const inMinute = kept.filter((time) => time > now - minuteMs);
      let wait = Math.max(0, (blockOf(tenantKey, now)?.until ?? now) - now);
      const oldestInMinute = inMinute[inMinute.length - limits.perMinute];
      if (inMinute.length >= limits.perMinute && oldestInMinute !== undefined) wait = Math.max(wait, oldestInMinute + minuteMs - now);
      const oldestInHour = kept[kept.length - limits.perHour];
      if (kept.length >= limits.perHour && oldestInHour !== undefined) wait = Math.max(wait, oldestInHour + hourMs - now);
      if (wait > 0) {
        calls.set(tenantKey, kept);
        return wait;
      }
      kept.push(now);
      calls.set(tenantKey, kept);
      return 0;
    },
    block(tenantKey, until, limit) {
      const current = blocks.get(tenantKey);
      if (current === undefined || until > current.until) blocks.set(tenantKey, { until, limit });
    },
    limitOf(tenantKey, now) {
      return blockOf(tenantKey, now)?.limit ?? 'calls';
    },
  };
}
