/**
 * `npm run bench`: runs every section in turn and prints its table. Later work adds sections to the
 * list below. Performance is measured here, never asserted by timed unit tests (DEVELOPERS.md).
 */
import type { BenchSection } from './bench-section';
import { contentScriptBench } from './content-script-bench';
import { popupBench } from './popup-bench';
import { syncBench } from './sync-bench';

const sections: BenchSection[] = [syncBench, popupBench, contentScriptBench];

const started = performance.now();
for (const section of sections) {
  console.log(`\n== ${section.title} ==\n`);
  console.log(await section.run());
}
console.log(`\nBench finished in ${((performance.now() - started) / 1000).toFixed(1)} s (${process.version}, ${process.platform}).`);
