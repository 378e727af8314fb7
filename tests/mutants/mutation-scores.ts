/**
 * After `stryker run` (npm run mutate): the mutation score of each guard module, from Stryker's JSON
 * report (mutation-testing-report-schema), and a failure when any is under 85% killed. The score is
 * Stryker's own: killed and timed-out mutants over every valid one, covered or not, so an untested line
 * lowers it.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const reportPath = join(repoRoot, 'reports/mutation/mutation.json');
const minimumScore = 85;

interface MutantResult {
  status: 'Killed' | 'Survived' | 'NoCoverage' | 'Timeout' | 'CompileError' | 'RuntimeError' | 'Ignored' | 'Pending';
}
interface Report {
  files: Record<string, { mutants: MutantResult[] }>;
}

interface ModuleScore {
  file: string;
  killed: number;
  survived: number;
  noCoverage: number;
  score: number;
}

/** Stryker's mutation score per file: (killed + timeout) / (killed + timeout + survived + no coverage). */
function moduleScores(report: Report): ModuleScore[] {
  return Object.entries(report.files)
    .map(([file, { mutants }]) => {
      const count = (...statuses: MutantResult['status'][]) => mutants.filter((mutant) => statuses.includes(mutant.status)).length;
      const killed = count('Killed', 'Timeout');
      const survived = count('Survived');
      const noCoverage = count('NoCoverage');
      const valid = killed + survived + noCoverage;
      return { file, killed, survived, noCoverage, score: valid === 0 ? 100 : (100 * killed) / valid };
    })
    .sort((a, b) => a.file.localeCompare(b.file));
}

function main(): number {
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
  const scores = moduleScores(report);
  const width = Math.max(...scores.map((score) => score.file.length));
  console.log(`\nMutation score per guard module (minimum ${minimumScore}% killed):\n`);
  console.log(`${'module'.padEnd(width)}  score   killed survived no-cov`);
  for (const { file, killed, survived, noCoverage, score } of scores) {
    const mark = score >= minimumScore ? '' : '  <- under the minimum';
    console.log(
      `${file.padEnd(width)}  ${score.toFixed(1).padStart(5)}%  ${String(killed).padStart(6)} ${String(survived).padStart(8)} ${String(noCoverage).padStart(6)}${mark}`,
    );
  }
  const low = scores.filter((score) => score.score < minimumScore);
  if (low.length > 0) {
    console.error(`\n${low.length} module(s) under ${minimumScore}%: see reports/mutation/index.html for the surviving mutants.`);
    return 1;
  }
  console.log(`\nEvery module at or above ${minimumScore}%. Report: reports/mutation/index.html`);
  return 0;
}

process.exitCode = main();
