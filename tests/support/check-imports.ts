// The dependency check: reads every .ts/.tsx file in utils/, components/ and entrypoints/, sorts each import
// into runtime or type-only, and enforces the folder contract of DEVELOPERS.md and docs/DESIGN.md:
// one rules table (who may import what), one reach rule (what the content script must never pull in), and
// no import cycles. Run: `tsx tests/support/check-imports.ts` (part of `npm run typecheck`).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

/** `to` is a repo-relative .ts/.tsx path for our own files, else the package specifier (`zod`, `wxt/browser`). */
export type ImportEdge = { from: string; to: string; typeOnly: boolean };
export type Violation = { file: string; imports: string; rule: string };

const pure = ['domain', 'portal', 'sync', 'messages', 'hunting'];
const browserApi = ['wxt', '@wxt-dev/browser', 'webextension-polyfill'];
const contentScriptNeverReaches = ['zod', '@azure/msal-browser', '@microsoft/microsoft-graph-client', 'storage', 'graph', 'auth', 'background'];

type ZoneRule = { zone: string; path: string; runtime: string[]; typeOnly?: string[]; neverReaches?: string[]; why: string };

/**
 * The rules table. A file belongs to the first zone whose path prefixes it. An import's target is the zone of
 * the imported file, or the package name. `runtime` lists what the zone may import at run time; `typeOnly`
 * what it may additionally import with `import type` (erased at build); '*' allows anything.
 */
export const rules: readonly ZoneRule[] = [
  { zone: 'domain', path: 'utils/domain/', runtime: ['domain', 'portal', 'zod'], typeOnly: pure, why: 'pure' },
  { zone: 'portal', path: 'utils/portal/', runtime: ['portal'], typeOnly: pure, why: 'pure and zod-free: the content script runs it' },
  { zone: 'sync', path: 'utils/sync/', runtime: ['sync', 'domain', 'portal', 'zod'], typeOnly: pure, why: 'pure' },
  { zone: 'hunting', path: 'utils/hunting/', runtime: ['hunting', 'domain', 'portal', 'zod'], typeOnly: pure, why: 'pure: hunting across tenants' },
  { zone: 'messages', path: 'utils/messages/', runtime: [...pure, 'zod'], why: 'pure: the message contract' },
  { zone: 'storage', path: 'utils/storage/', runtime: ['storage', ...pure, 'zod', ...browserApi], why: 'storage adapter' },
  { zone: 'graph', path: 'utils/graph/', runtime: ['graph', ...pure, 'zod', '@microsoft/microsoft-graph-client'], why: 'Graph client: runs in the worker and in Node, no browser API' },
  { zone: 'auth', path: 'utils/auth/', runtime: ['auth', ...pure, 'zod', ...browserApi, '@azure/msal-browser'], why: 'auth adapter' },
  { zone: 'portal-channel', path: 'utils/channels/portal-channel', runtime: browserApi, typeOnly: ['messages', 'portal', 'domain'], why: "the content script's channel: zod-free" },
  { zone: 'page-channel', path: 'utils/channels/', runtime: ['messages', 'portal', 'domain', ...browserApi], typeOnly: ['zod'], why: "extension pages' channel" },
  { zone: 'background', path: 'utils/background/', runtime: ['background', ...pure, 'storage', 'graph', 'auth', 'zod', ...browserApi], why: "the worker's services" },
  { zone: 'components', path: 'components/', runtime: ['components', 'domain', 'portal', 'preact'], typeOnly: ['messages', 'sync', 'hunting'], why: 'components only render' },
  { zone: 'content-script', path: 'entrypoints/security.content/', runtime: ['*'], neverReaches: contentScriptNeverReaches, why: 'the content script' },
  { zone: 'entrypoints', path: 'entrypoints/', runtime: ['*'], why: 'entrypoints wire everything' },
];

/** Type-only cycles that are accepted, each with its reason (aim: none). Runtime cycles are never accepted. */
export const allowedTypeCycles: readonly { files: string[]; why: string }[] = [];

const isLocal = (to: string) => /\.tsx?$/.test(to);
const packageName = (spec: string) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
const ruleOf = (file: string) => rules.find((rule) => file.startsWith(rule.path));
export const targetOf = (to: string) => (isLocal(to) ? (ruleOf(to)?.zone ?? 'outside any zone') : packageName(to));

/** The pure core: every violation of the rules table, the reach rules and the cycle rule in `edges`. */
export function checkImportGraph(edges: readonly ImportEdge[]): Violation[] {
  const violations: Violation[] = [];
  for (const edge of edges) {
    const rule = ruleOf(edge.from);
    const target = targetOf(edge.to);
    if (!rule) violations.push({ file: edge.from, imports: edge.to, rule: 'file outside any zone of the rules table' });
    else if (![...rule.runtime, ...(edge.typeOnly ? (rule.typeOnly ?? []) : [])].some((t) => t === '*' || t === target)) {
      const how = rule.typeOnly?.includes(target) ? ' at run time (only with `import type`)' : edge.typeOnly ? ', not even type-only' : '';
      violations.push({ file: edge.from, imports: edge.to, rule: `${rule.zone} may not import ${target}${how}: ${rule.why}` });
    }
  }
  violations.push(...checkReach(edges), ...checkCycles(edges));
  return violations;
}

/** file -> the files and packages it imports, through the edges that `follow` keeps. */
function adjacency(edges: readonly ImportEdge[], follow: (edge: ImportEdge) => boolean): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const edge of edges.filter(follow)) graph.set(edge.from, [...(graph.get(edge.from) ?? []), edge.to]);
  return graph;
}
const atRunTime = (edge: ImportEdge) => !edge.typeOnly;

/** Walks runtime imports from every file of a zone with `neverReaches`; reports the import that enters a banned target. */
function checkReach(edges: readonly ImportEdge[]): Violation[] {
  const graph = adjacency(edges, atRunTime);
  const violations: Violation[] = [];
  for (const rule of rules.filter((r) => r.neverReaches)) {
    const starts = [...new Set(edges.map((e) => e.from))].filter((f) => f.startsWith(rule.path)).sort();
    const cameFrom = new Map<string, string | undefined>(starts.map((f) => [f, undefined]));
    const queue = [...starts];
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      for (const to of graph.get(file) ?? []) {
        if (rule.neverReaches!.includes(targetOf(to))) {
          const path: string[] = [];
          for (let at: string | undefined = file; at !== undefined; at = cameFrom.get(at)) path.unshift(at);
          violations.push({ file, imports: to, rule: `${rule.why} must never reach ${targetOf(to)}; reached via ${path.join(' -> ')}` });
        } else if (isLocal(to) && !cameFrom.has(to)) {
          cameFrom.set(to, file);
          queue.push(to);
        }
      }
    }
  }
  return violations;
}

/** Strongly connected components (Tarjan) of the local files; each one with more than one file, or a self-import, is a cycle. */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    for (const to of graph.get(file) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(file, Math.min(low.get(file)!, low.get(to)!));
      } else if (stack.includes(to)) low.set(file, Math.min(low.get(file)!, index.get(to)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const component = stack.splice(stack.indexOf(file));
    if (component.length > 1 || graph.get(file)?.includes(file)) found.push(component.sort());
  };
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file);
  return found;
}

/** The shortest path from the first file of a cycle back to itself, for the report. */
function cyclePath(graph: Map<string, string[]>, component: string[]): string[] {
  const [start] = component as [string];
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const to of graph.get(file) ?? []) {
      if (to === start) {
        const path = [start];
        for (let at = file; at !== start; at = cameFrom.get(at)!) path.splice(1, 0, at);
        return [...path, start];
      }
      if (component.includes(to) && !cameFrom.has(to)) {
        cameFrom.set(to, file);
        queue.push(to);
      }
    }
  }
  return [start, start];
}

function checkCycles(edges: readonly ImportEdge[]): Violation[] {
  const local = edges.filter((e) => isLocal(e.to));
  const runtime = adjacency(local, atRunTime);
  const all = adjacency(local, () => true);
  const runtimeCycles = cycles(runtime);
  const seen = new Set(runtimeCycles.map((c) => c.join()));
  const allowed = new Set(allowedTypeCycles.map((c) => [...c.files].sort().join()));
  const report = (graph: Map<string, string[]>, component: string[], kind: string): Violation => {
    const path = cyclePath(graph, component);
    return { file: path[0]!, imports: path[1]!, rule: `${kind} import cycle: ${path.join(' -> ')}` };
  };
  return [
    ...runtimeCycles.map((c) => report(runtime, c, 'runtime')),
    ...cycles(all).filter((c) => !seen.has(c.join()) && !allowed.has(c.join())).map((c) => report(all, c, 'type-only')),
  ];
}

// ---- Reading the repository: TypeScript's parser only (no type checking), so it is quick ----

const sourceFolders = ['utils', 'components', 'entrypoints'];
const notCode = /\?|\.(css|html|json|svg|png)$/;

function listSources(root: string, folder: string): string[] {
  return readdirSync(join(root, folder)).flatMap((name) => {
    const path = posix.join(folder, name);
    if (statSync(join(root, path)).isDirectory()) return listSources(root, path);
    return /\.tsx?$/.test(name) && !/\.d\.ts$|\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

function resolveLocal(root: string, from: string, spec: string): string | undefined {
  const base = spec.startsWith('@/') ? spec.slice(2) : posix.join(posix.dirname(from), spec);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`];
  return candidates.find((path) => /\.tsx?$/.test(path) && statSync(join(root, path), { throwIfNoEntry: false })?.isFile());
}

/** The imports of one file: declarations, re-exports, `import('x')` calls and `import('x').T` types. */
export function importsOf(fileName: string, text: string): { spec: string; typeOnly: boolean }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: { spec: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const allNamedTypes = !clause?.name && named !== undefined && named.length > 0 && named.every((s) => s.isTypeOnly);
      found.push({ spec: node.moduleSpecifier.text, typeOnly: !!clause && (clause.isTypeOnly || allNamedTypes) });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined;
      const allNamedTypes = named !== undefined && named.length > 0 && named.every((s) => s.isTypeOnly);
      found.push({ spec: node.moduleSpecifier.text, typeOnly: node.isTypeOnly || allNamedTypes });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg)) found.push({ spec: arg.text, typeOnly: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ spec: node.argument.literal.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

export function readImportGraph(root: string): { files: string[]; edges: ImportEdge[]; unresolved: Violation[] } {
  const files = sourceFolders.flatMap((folder) => listSources(root, folder)).sort();
  const edges: ImportEdge[] = [];
  const unresolved: Violation[] = [];
  for (const file of files) {
    for (const { spec, typeOnly } of importsOf(file, readFileSync(join(root, file), 'utf8'))) {
      if (notCode.test(spec)) continue;
      if (!spec.startsWith('.') && !spec.startsWith('@/')) edges.push({ from: file, to: spec, typeOnly });
      else {
        const to = resolveLocal(root, file, spec);
        if (to) edges.push({ from: file, to, typeOnly });
        else unresolved.push({ file, imports: spec, rule: 'unresolved: not a .ts/.tsx file or folder index' });
      }
    }
  }
  return { files, edges, unresolved };
}

function main(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const { files, edges, unresolved } = readImportGraph(root);
  const violations = [...unresolved, ...checkImportGraph(edges)];
  for (const v of violations) console.error(`${v.file}: imports ${v.imports} (${v.rule})`);
  if (violations.length > 0) {
    console.error(`check-imports: ${violations.length} violation(s)`);
    process.exit(1);
  }
  const typeOnly = edges.filter((e) => e.typeOnly).length;
  const reachRules = rules.filter((r) => r.neverReaches).length;
  console.log(
    `check-imports: clean — ${files.length} files, ${edges.length} imports (${typeOnly} type-only), ` +
      `${rules.length} zone rules, ${reachRules} reach rule, no cycles`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
