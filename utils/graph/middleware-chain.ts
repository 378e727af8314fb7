import type { Context, Middleware } from '@microsoft/microsoft-graph-client';

/**
 * Small pieces shared by Handoff's own middlewares: the next link of the chain, a header removed in
 * whatever form the library keeps headers, and an unread body released before a retry.
 */

export function nextMiddleware(next: Middleware | undefined): Middleware {
  if (!next) throw new Error('Graph middleware used without a next middleware in the chain');
  return next;
}

/** Removes a header (any case) from the request options, so a retry can set it afresh. */
export function removeRequestHeader(context: Context, name: string): void {
  const headers = context.options?.headers;
  if (headers === undefined) return;
  const lowered = name.toLowerCase();
  if (headers instanceof Headers) {
    headers.delete(name);
  } else if (Array.isArray(headers)) {
    const kept = headers.filter(([key]) => key?.toLowerCase() !== lowered);
    headers.splice(0, headers.length, ...kept);
  } else {
    for (const key of Object.keys(headers)) if (key.toLowerCase() === lowered) delete headers[key];
  }
}

/** A response that will not be read is released, so its connection can be reused. */
export async function discardBody(response: Response | undefined): Promise<void> {
  try {
    await response?.body?.cancel();
  } catch {
    // Already read or already released: nothing to free.
  }
}
