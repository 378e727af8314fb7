import { describe, expect, it } from 'vitest';
import { selectModules, splitArguments } from '@/tests/mutants/mutate';

/** `npm run mutate -- <module>… [--stryker options]` (tests/mutants/mutate.ts). */
const modules = ['utils/portal/portal-url.ts', 'utils/background/portal/quick-actions.ts', 'utils/portal/quick-action-rules.ts'];

describe('npm run mutate arguments', () => {
  it('selects every guard module without names', () => {
    expect(selectModules(modules, [])).toEqual(modules);
  });

  it('selects modules by file name (with or without .ts) or path, in the order given', () => {
    expect(selectModules(modules, ['quick-actions', 'utils/portal/portal-url.ts', 'quick-action-rules.ts'])).toEqual([
      'utils/background/portal/quick-actions.ts',
      'utils/portal/portal-url.ts',
      'utils/portal/quick-action-rules.ts',
    ]);
  });

  it('refuses a name that is no guard module, listing the known ones', () => {
    expect(() => selectModules(modules, ['quick'])).toThrow('"quick" is not a guard module of stryker.config.mjs. Known: portal-url, quick-actions, quick-action-rules');
  });

  it('passes everything from the first option on to stryker', () => {
    expect(splitArguments(['portal-url', '--concurrency', '1'])).toEqual({ names: ['portal-url'], strykerOptions: ['--concurrency', '1'] });
    expect(splitArguments(['portal-url', 'poll-tenant'])).toEqual({ names: ['portal-url', 'poll-tenant'], strykerOptions: [] });
    expect(splitArguments([])).toEqual({ names: [], strykerOptions: [] });
  });
});
