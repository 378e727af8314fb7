/**
 * The text of anything thrown: an Error's message, otherwise the value as a string. One helper for every
 * place that shows or records a failure (the worker's answers, the pages' notices, the audit log, the
 * sync status, the hunt runner). Pure and zod-free (utils/portal): the content script's panel uses it too.
 */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
