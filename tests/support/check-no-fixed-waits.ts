/**
 * Part of `npm run typecheck` (so of `npm test`): e2e specs wait for a condition, never for a fixed
 * time. `waitForTimeout(` anywhere under tests/e2e fails, with where; use expect(...).toPass/poll, a
 * locator assertion, an event, or a barrier request instead (see portal-page-writes.spec.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const forbidden = /\bwaitForTimeout\s*\(/;

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.(c|m)?[jt]sx?$/.test(entry.name)) yield path;
  }
}

const found: string[] = [];
for (const file of sourceFiles(join(repoRoot, 'tests/e2e'))) {
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (forbidden.test(line)) found.push(`${relative(repoRoot, file)}:${index + 1}: ${line.trim()}`);
    });
}
if (found.length > 0) {
  console.error(`No fixed waits in e2e tests (wait for a condition instead):\n  ${found.join('\n  ')}`);
  process.exitCode = 1;
} else {
  console.log('check-no-fixed-waits: no waitForTimeout( in tests/e2e');
}
