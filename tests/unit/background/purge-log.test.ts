// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createPurgeLog } from '@/utils/background/purge-log';

describe('purge log: was a tenant purged since a mark?', () => {
  it('answers no before any purge, and yes only for the tenants a later purge removed', () => {
    const log = createPurgeLog();
    const mark = log.mark();
    expect(log.purgedSince(mark, ['contoso'])).toBe(false);
    expect(log.purgedTenantsSince(mark)).toEqual([]);
    log.record(['fabrikam']);
    expect(log.purgedSince(mark, ['contoso'])).toBe(false);
    expect(log.purgedSince(mark, ['contoso', 'fabrikam'])).toBe(true);
    expect(log.purgedTenantsSince(mark)).toEqual(['fabrikam']);
    // A purge before the mark does not count.
    expect(log.purgedSince(log.mark(), ['fabrikam'])).toBe(false);
  });

  it('a sign-out purges every tenant', () => {
    const log = createPurgeLog();
    const mark = log.mark();
    log.record(['fabrikam']);
    log.record('all');
    log.record(['northwind']);
    expect(log.purgedSince(mark, ['contoso'])).toBe(true);
    expect(log.purgedTenantsSince(mark)).toBe('all');
  });

  it('gathers the tenants of several purges, and answers "all" for a mark older than it remembers', () => {
    const log = createPurgeLog(2);
    const old = log.mark();
    log.record(['a']);
    const mark = log.mark();
    log.record(['b']);
    log.record(['c', 'b']);
    expect(log.purgedTenantsSince(mark)).toEqual(['b', 'c']);
    expect(log.purgedTenantsSince(old)).toBe('all');
    expect(log.purgedSince(old, ['z'])).toBe(true);
  });
});
