/**
 * `npm run mutate [-- <module>…] [-- <stryker option>…]`: StrykerJS on the guard modules of
 * stryker.config.mjs (all of them by default, or only the named ones: `portal-url`, `quick-actions`,
 * or a path), then the score of each (mutation-scores.ts, which fails under 85% killed). Options that
 * start with `--` go to `stryker run` as they are, e.g. `--concurrency 1` on a machine that is busy.
 * Prints how long Stryker took, so README's timings can be kept honest.
 *
 *   npm run mutate                              every guard module (one Stryker run)
 *   npm run mutate -- portal-url poll-tenant    two of them
 *   npm run mutate -- quick-actions --concurrency 1
 */
import { spawnSync } from 'node:child_process';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The config's modules that `names` select (a module's file name without `.ts`, or its path). */
export function selectModules(modules: readonly string[], names: readonly string[]): string[] {
  if (names.length === 0) return [...modules];
  return names.map((name) => {
    const found = modules.find((path) => path === name || basename(path, '.ts') === name.replace(/\.ts$/, ''));
    if (!found) {
      const known = modules.map((path) => basename(path, '.ts')).join(', ');
      throw new Error(`"${name}" is not a guard module of stryker.config.mjs. Known: ${known}`);
    }
    return found;
  });
}

/** Splits the arguments into module names and the options passed on to `stryker run`. */
export function splitArguments(args: readonly string[]): { names: string[]; strykerOptions: string[] } {
  const firstOption = args.findIndex((arg) => arg.startsWith('--'));
  return firstOption < 0
    ? { names: [...args], strykerOptions: [] }
    : { names: args.slice(0, firstOption), strykerOptions: args.slice(firstOption) };
}

async function main(): Promise<number> {
  const { default: config } = (await import(pathToFileURL(join(repoRoot, 'stryker.config.mjs')).href)) as {
    default: { mutate: string[] };
  };
  const { names, strykerOptions } = splitArguments(process.argv.slice(2));
  let modules: string[];
  try {
    modules = selectModules(config.mutate, names);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const only = names.length > 0 ? ['--mutate', modules.join(',')] : [];
  console.log(`Stryker on ${modules.length} module(s): ${modules.map((path) => basename(path, '.ts')).join(', ')}`);
  const started = Date.now();
  const stryker = spawnSync('npx', ['stryker', 'run', ...only, ...strykerOptions], { cwd: repoRoot, stdio: 'inherit' });
  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(`\nStryker took ${Math.floor(seconds / 60)} min ${seconds % 60} s for ${modules.length} module(s).`);
  if (stryker.status !== 0) return stryker.status ?? 1;
  const scores = spawnSync('npx', ['tsx', 'tests/mutants/mutation-scores.ts'], { cwd: repoRoot, stdio: 'inherit' });
  return scores.status ?? 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
