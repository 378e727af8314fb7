import { describe, expect, it } from 'vitest';
import { checkImportGraph, importsOf, type ImportEdge } from '../../support/check-imports';

const runtime = (from: string, to: string): ImportEdge => ({ from, to, typeOnly: false });
const typeOnly = (from: string, to: string): ImportEdge => ({ from, to, typeOnly: true });

describe('checkImportGraph', () => {
  it('reports a pure folder importing a browser folder, even type-only', () => {
    const violations = checkImportGraph([
      runtime('utils/domain/settings.ts', 'utils/storage/settings-storage.ts'),
      typeOnly('utils/sync/poll-tenant.ts', 'utils/graph/graph-client.ts'),
    ]);
    expect(violations).toEqual([
      expect.objectContaining({ file: 'utils/domain/settings.ts', imports: 'utils/storage/settings-storage.ts' }),
      expect.objectContaining({ file: 'utils/sync/poll-tenant.ts', imports: 'utils/graph/graph-client.ts' }),
    ]);
    expect(violations[1]!.rule).toContain('not even type-only');
  });

  it('reports a runtime zod import in portal/, and a runtime import of a type-only neighbour', () => {
    const violations = checkImportGraph([
      runtime('utils/portal/portal-url.ts', 'zod'),
      runtime('utils/portal/handoff-labels.ts', 'utils/domain/classify-handoff.ts'),
    ]);
    expect(violations.map((v) => `${v.file}: imports ${v.imports}`)).toEqual([
      'utils/portal/portal-url.ts: imports zod',
      'utils/portal/handoff-labels.ts: imports utils/domain/classify-handoff.ts',
    ]);
    expect(violations[1]!.rule).toContain('only with `import type`');
  });

  it('reports the content script reaching zod through files that may import it themselves', () => {
    const violations = checkImportGraph([
      runtime('entrypoints/security.content/index.ts', 'components/TenantForm.tsx'),
      runtime('components/TenantForm.tsx', 'utils/domain/settings.ts'),
      runtime('utils/domain/settings.ts', 'zod'),
    ]);
    expect(violations).toEqual([
      {
        file: 'utils/domain/settings.ts',
        imports: 'zod',
        rule: expect.stringContaining(
          'entrypoints/security.content/index.ts -> components/TenantForm.tsx -> utils/domain/settings.ts',
        ),
      },
    ]);
  });

  it('reports runtime cycles and type-only cycles, once each', () => {
    const violations = checkImportGraph([
      runtime('utils/sync/a.ts', 'utils/sync/b.ts'),
      runtime('utils/sync/b.ts', 'utils/sync/c.ts'),
      runtime('utils/sync/c.ts', 'utils/sync/a.ts'),
      runtime('utils/domain/x.ts', 'utils/domain/y.ts'),
      typeOnly('utils/domain/y.ts', 'utils/domain/x.ts'),
    ]);
    expect(violations.map((v) => v.rule)).toEqual([
      'runtime import cycle: utils/sync/a.ts -> utils/sync/b.ts -> utils/sync/c.ts -> utils/sync/a.ts',
      'type-only import cycle: utils/domain/x.ts -> utils/domain/y.ts -> utils/domain/x.ts',
    ]);
  });

  it('accepts the allowed type-only imports and the wiring of entrypoints', () => {
    expect(
      checkImportGraph([
        typeOnly('utils/portal/incident-panel-model.ts', 'utils/messages/portal-answers.ts'),
        typeOnly('utils/channels/portal-channel.ts', 'utils/messages/background-requests.ts'),
        typeOnly('components/RemediationTasks.tsx', 'utils/messages/portal-answers.ts'),
        typeOnly('entrypoints/security.content/page-feature.ts', 'utils/domain/settings.ts'),
        runtime('entrypoints/security.content/index.ts', 'utils/channels/portal-channel.ts'),
        runtime('utils/channels/portal-channel.ts', 'wxt/browser'),
        runtime('entrypoints/background.ts', 'utils/storage/settings-storage.ts'),
        runtime('utils/storage/settings-storage.ts', 'utils/domain/settings.ts'),
        runtime('utils/domain/settings.ts', 'zod'),
      ]),
    ).toEqual([]);
  });
});

describe('importsOf', () => {
  it('tells type-only imports from runtime ones', () => {
    const source = [
      "import type { A } from './a';",
      "import { type B, type C } from './b';",
      "import { type D, e } from './d';",
      "import f from './f';",
      "import './side-effect.css';",
      "export type { G } from './g';",
      "export { h } from './h';",
      "export * from './star';",
      "const lazy = () => import('./lazy');",
      "let t: import('./type-query').T;",
    ].join('\n');
    expect(importsOf('x.ts', source)).toEqual([
      { spec: './a', typeOnly: true },
      { spec: './b', typeOnly: true },
      { spec: './d', typeOnly: false },
      { spec: './f', typeOnly: false },
      { spec: './side-effect.css', typeOnly: false },
      { spec: './g', typeOnly: true },
      { spec: './h', typeOnly: false },
      { spec: './star', typeOnly: false },
      { spec: './lazy', typeOnly: false },
      { spec: './type-query', typeOnly: true },
    ]);
  });
});
