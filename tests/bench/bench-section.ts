/** One part of `npm run bench`: a title and a run that returns the text to print (measured, never hard-coded). */
export interface BenchSection {
  title: string;
  run(): Promise<string>;
}
