import { describe, expect, it } from 'vitest';
import { createHuntCallLedger, huntBlockMs } from '@/utils/hunting/hunt-call-ledger';

describe('createHuntCallLedger', () => {
  it('allows 40 calls a minute per tenant by default, then says how long to wait', () => {
    const ledger = createHuntCallLedger();
    for (let i = 0; i < 40; i += 1) expect(ledger.reserve('contoso', 1_000 + i * 100)).toBe(0);
    // The first call was at 1,000: the 41st is allowed at 61,000.
    expect(ledger.reserve('contoso', 5_000)).toBe(56_000);
    expect(ledger.reserve('fabrikam', 5_000)).toBe(0);
    expect(ledger.reserve('contoso', 61_000)).toBe(0);
    // Now the oldest in the minute is the call at 1,100.
    expect(ledger.reserve('contoso', 61_000)).toBe(100);
  });

  it('a refused call is not recorded', () => {
    const ledger = createHuntCallLedger({ perMinute: 1, perHour: 100 });
    expect(ledger.reserve('t', 0)).toBe(0);
    expect(ledger.reserve('t', 30_000)).toBe(30_000);
    expect(ledger.reserve('t', 59_999)).toBe(1);
    expect(ledger.reserve('t', 60_000)).toBe(0);
    expect(ledger.reserve('t', 60_001)).toBe(59_999);
  });

  it('takes one limit and keeps the default of the other', () => {
    const ledger = createHuntCallLedger({ perHour: 2 });
    expect(ledger.reserve('t', 0)).toBe(0);
    expect(ledger.reserve('t', 1)).toBe(0);
    expect(ledger.reserve('t', 2)).toBe(3_600_000 - 2);
  });

  it('keeps to the hourly ceiling too', () => {
    const ledger = createHuntCallLedger({ perMinute: 2, perHour: 4 });
    for (const at of [0, 1, 60_000, 60_001]) expect(ledger.reserve('t', at)).toBe(0);
    expect(ledger.reserve('t', 120_000)).toBe(3_600_000 - 120_000);
    expect(ledger.reserve('t', 3_600_000)).toBe(0);
  });

  it('a 429 blocks the tenant until its time, whatever the windows say, and names the limit', () => {
    const ledger = createHuntCallLedger();
    expect(ledger.limitOf('t', 0)).toBe('calls');
    ledger.block('t', 900_000, 'cpu');
    expect(ledger.reserve('t', 0)).toBe(900_000);
    expect(ledger.limitOf('t', 0)).toBe('cpu');
    expect(ledger.reserve('other', 0)).toBe(0);
    expect(ledger.reserve('t', 899_999)).toBe(1);
    // The refused calls were not recorded; at the block's end the call is allowed.
    expect(ledger.reserve('t', 900_000)).toBe(0);
    expect(ledger.limitOf('t', 900_000)).toBe('calls');
  });

  it('keeps the later of two blocks, and a block longer than the windows wins', () => {
    const ledger = createHuntCallLedger({ perMinute: 1, perHour: 100 });
    expect(ledger.reserve('t', 0)).toBe(0);
    ledger.block('t', 30_000, 'calls');
    ledger.block('t', 20_000, 'unknown');
    expect(ledger.reserve('t', 10_000)).toBe(50_000);
    expect(ledger.limitOf('t', 10_000)).toBe('calls');
    ledger.block('t', 120_000, 'unknown');
    expect(ledger.reserve('t', 10_000)).toBe(110_000);
    expect(ledger.limitOf('t', 10_000)).toBe('unknown');
  });

  it('without a Retry-After, blocks for the documented cycle', () => {
    expect(huntBlockMs('cpu', null)).toBe(15 * 60_000);
    expect(huntBlockMs('calls', null)).toBe(60_000);
    expect(huntBlockMs('unknown', null)).toBe(60_000);
    expect(huntBlockMs('cpu', 42)).toBe(42_000);
    expect(huntBlockMs('calls', 0)).toBe(0);
  });
});
