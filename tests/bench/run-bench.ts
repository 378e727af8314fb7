/**
 * `npm run bench`: runs every section in turn and prints its table; `npm run bench -- browser popup`
 * runs only the sections named. Later work adds sections to the list below. Performance is measured
 * here, never asserted by timed unit tests (DEVELOPERS.md).
 */
import type { BenchSection } from './bench-section';
import { browserBench } from './browser-bench';
import { contentScriptBench } from './content-script-bench';
import { huntBench } from './hunt-bench';
import { popupBench } from './popup-bench';
import { scheduleBench } from './schedule-bench';
import { syncBench } from './sync-bench';

const sections: BenchSection[] = [syncBench, scheduleBench, popupBench, contentScriptBench, huntBench, browserBench];

const named = process.argv.slice(2);
const unknown = named.filter((name) => !sections.some((section) => section.name === name));
if (unknown.length > 0) {
  console.error(`Unknown bench section(s): ${unknown.join(', ')}. Sections: ${sections.map((section) => section.name).join(', ')}.`);
  process.exit(2);
}

const started = performance.now();
for (const section of sections.filter((candidate) => named.length === 0 || named.includes(candidate.name))) {
  console.log(`\n== ${section.title} ==\n`);
  console.log(await section.run());
}
console.log(`\nBench finished in ${((performance.now() - started) / 1000).toFixed(1)} s (${process.version}, ${process.platform}).`);
