/**
 * `npm run mutants:known`: the mutants a mutation check found surviving (issue 15) and that StrykerJS
 * does not make or cannot judge (it never runs Playwright), kept as small patches in `known/`. Each one
 * is applied to a scratch copy of the working tree (never to the tree itself), the suite its header
 * names is run there, and the mutant must be killed: the suite must fail. The script fails loudly when a
 * mutant survives, when a patch no longer applies (its mutated line moved or changed: update the
 * patch), or when a suite already fails without any mutant (so a "kill" would prove nothing).
 *
 * A patch file: free text, then `Killed by: unit <test files…>` or `Killed by: e2e <spec> [more specs]`,
 * then a unified diff. Only the lines it removes must match (git apply -C0): unrelated edits around them
 * do not break it, and each removed block must occur exactly once in its file.
 *
 * Usage: npm run mutants:known [-- <mutant name>…]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const patchDir = join(repoRoot, 'tests/mutants/known');

interface KnownMutant {
  name: string;
  patchPath: string;
  kind: 'unit' | 'e2e';
  files: string[];
  /** Each file the patch changes, with the exact lines it removes (they must occur exactly once). */
  removed: { file: string; text: string }[];
}

function readMutant(fileName: string): KnownMutant {
  const patchPath = join(patchDir, fileName);
  const text = readFileSync(patchPath, 'utf8');
  const suite = /^Killed by: (unit|e2e) (.+)$/m.exec(text);
  if (!suite) throw new Error(`${fileName}: no "Killed by: unit|e2e <files>" line`);
  const removed: KnownMutant['removed'] = [];
  let file = '';
  let block: string[] = [];
  const flush = () => {
    if (block.length > 0) removed.push({ file, text: block.join('\n') });
    block = [];
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('--- a/')) {
      flush();
      file = line.slice('--- a/'.length);
    } else if (line.startsWith('-') && !line.startsWith('---')) block.push(line.slice(1));
    else flush();
  }
  flush();
  if (removed.length === 0) throw new Error(`${fileName}: the patch removes no line`);
  return { name: fileName.replace(/\.patch$/, ''), patchPath, kind: suite[1] as 'unit' | 'e2e', files: suite[2]!.trim().split(/\s+/), removed };
}

/** The working tree as git sees it (tracked and new, not ignored) copied to a scratch folder. */
function scratchCopy(): string {
  const root = mkdtempSync(join(tmpdir(), 'handoff-mutants-'));
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot })
    .toString()
    .split('\0')
    .filter((path) => path !== '' && path !== 'node_modules' && !path.startsWith('node_modules/') && existsSync(join(repoRoot, path)));
  for (const path of new Set(listed)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    cpSync(join(repoRoot, path), join(root, path));
  }
  symlinkSync(realpathSync(join(repoRoot, 'node_modules')), join(root, 'node_modules'), 'dir');
  if (existsSync(join(repoRoot, '.wxt'))) cpSync(join(repoRoot, '.wxt'), join(root, '.wxt'), { recursive: true });
  return root;
}

function run(root: string, command: string, args: string[], env: Record<string, string> = {}): { ok: boolean; tail: string } {
  const result = spawnSync(command, args, { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  return { ok: result.status === 0, tail: output.split('\n').slice(-25).join('\n') };
}

const outDir = '.output-mutants';

/** Runs a mutant's suite in the scratch copy: true when it passes (the mutant survived). */
function suitePasses(root: string, mutant: Pick<KnownMutant, 'kind' | 'files'>): { passes: boolean; tail: string } {
  if (mutant.kind === 'unit') {
    const result = run(root, 'npx', ['vitest', 'run', ...mutant.files]);
    return { passes: result.ok, tail: result.tail };
  }
  const build = run(root, 'npx', ['wxt', 'build'], { HANDOFF_OUT_DIR: outDir });
  if (!build.ok) return { passes: false, tail: `the build failed:\n${build.tail}` };
  const result = run(root, 'npx', ['playwright', 'test', ...mutant.files, `--output=${join(root, 'test-results')}`, '--reporter=line'], {
    HANDOFF_OUT_DIR: outDir,
  });
  return { passes: result.ok, tail: result.tail };
}

function countOf(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

function applyMutant(root: string, mutant: KnownMutant, reverse = false): string | null {
  if (!reverse) {
    for (const { file, text } of mutant.removed) {
      const path = join(root, file);
      if (!existsSync(path)) return `${file} does not exist`;
      const found = countOf(readFileSync(path, 'utf8'), text);
      if (found !== 1) return `${file}: the line(s) it mutates occur ${found} times (expected once):\n${text}`;
    }
  }
  const result = run(root, 'git', ['apply', '-C0', '--unidiff-zero', ...(reverse ? ['-R'] : []), mutant.patchPath]);
  return result.ok ? null : result.tail;
}

function main(): number {
  const wanted = process.argv.slice(2);
  const mutants = readdirSync(patchDir)
    .filter((name) => name.endsWith('.patch'))
    .sort()
    .map(readMutant)
    .filter((mutant) => wanted.length === 0 || wanted.includes(mutant.name));
  if (mutants.length === 0) {
    console.error(`No known mutant matches ${wanted.join(', ')}.`);
    return 1;
  }
  const started = Date.now();
  const root = scratchCopy();
  console.log(`Scratch copy: ${root}`);
  const failures: string[] = [];
  try {
    // The suites must pass without a mutant: otherwise every mutant would look killed.
    const unitFiles = [...new Set(mutants.filter((m) => m.kind === 'unit').flatMap((m) => m.files))];
    const e2eSpecs = [...new Set(mutants.filter((m) => m.kind === 'e2e').flatMap((m) => m.files))];
    for (const baseline of [
      { kind: 'unit' as const, files: unitFiles },
      { kind: 'e2e' as const, files: e2eSpecs },
    ]) {
      if (baseline.files.length === 0) continue;
      const { passes, tail } = suitePasses(root, baseline);
      if (!passes) {
        console.error(`The ${baseline.kind} suite fails WITHOUT any mutant (${baseline.files.join(' ')}):\n${tail}`);
        return 1;
      }
      console.log(`baseline ${baseline.kind}: passes (${baseline.files.length} file(s))`);
    }

    for (const mutant of mutants) {
      const t0 = Date.now();
      const notApplied = applyMutant(root, mutant);
      if (notApplied !== null) {
        failures.push(`${mutant.name}: the patch no longer applies (update tests/mutants/known/${mutant.name}.patch):\n${notApplied}`);
        console.log(`NOT APPLIED ${mutant.name}`);
        continue;
      }
      const { passes, tail } = suitePasses(root, mutant);
      const seconds = Math.round((Date.now() - t0) / 1000);
      if (passes) {
        failures.push(`${mutant.name}: SURVIVED ${mutant.kind} ${mutant.files.join(' ')}\n${tail}`);
        console.log(`SURVIVED ${mutant.name} (${seconds} s)`);
      } else {
        console.log(`killed   ${mutant.name} by ${mutant.kind} ${mutant.files.join(' ')} (${seconds} s)`);
      }
      const notReverted = applyMutant(root, mutant, true);
      if (notReverted !== null) {
        console.error(`Could not take ${mutant.name} back out of the scratch copy:\n${notReverted}`);
        return 1;
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const total = Math.round((Date.now() - started) / 1000);
  if (failures.length > 0) {
    console.error(`\n${failures.length} of ${mutants.length} known mutants not killed:\n\n${failures.join('\n\n')}`);
    return 1;
  }
  console.log(`\nAll ${mutants.length} known mutants killed (${total} s).`);
  return 0;
}

process.exitCode = main();
