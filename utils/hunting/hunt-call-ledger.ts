/**
 * The advanced-hunting calls Handoff made per tenant, remembered across runs (the worker keeps one
 * ledger), so a run never asks a tenant for more than Graph allows (at least 45 calls a minute per tenant;
 * Handoff stays under it, and under an hourly ceiling). Sliding windows over the calls' times.
 */
export interface HuntCallLedger {
  /** 0 when a call to the tenant is allowed now (the call is recorded), else the ms to wait before asking again. */
  reserve(tenantKey: string, now: number): number;
}

export interface HuntCallLimits {
  perMinute: number;
  perHour: number;
}

export const defaultHuntCallLimits: HuntCallLimits = { perMinute: 40, perHour: 1400 };

const minuteMs = 60_000;
const hourMs = 3_600_000;

export function createHuntCallLedger(given: Partial<HuntCallLimits> = {}): HuntCallLedger {
  const limits = { ...defaultHuntCallLimits, ...given };
  const calls = new Map<string, number[]>();
  return {
    reserve(tenantKey, now) {
      const kept = (calls.get(tenantKey) ?? []).filter((time) => time > now - hourMs && time <= now);
      const inMinute = kept.filter((time) => time > now - minuteMs);
      let wait = 0;
      const oldestInMinute = inMinute[inMinute.length - limits.perMinute];
      if (inMinute.length >= limits.perMinute && oldestInMinute !== undefined) wait = oldestInMinute + minuteMs - now;
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
  };
}
