/** One part of `npm run bench`: a title and a run that returns the text to print (measured, never hard-coded). */
export interface BenchSection {
  /** Short name to run it alone: `npm run bench -- <name>` (several names may be given). */
  name: string;
  title: string;
  run(): Promise<string>;
}
