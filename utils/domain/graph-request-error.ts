import { z } from 'zod';

/**
 * A Graph request that failed for good (after the client's retries), in the terms the sync engine acts
 * on. `status` is the HTTP status, or 0 when no answer came (connection dropped, DNS, TLS); `code` is
 * Graph's error code (e.g. "Forbidden", "TooManyRequests") or one of ours: "networkError",
 * "invalidResponse", "tooManyPages", `http<status>` for a body that was not Graph's error JSON.
 */
export const graphRequestErrorInfoSchema = z.object({
  status: z.number().int().nonnegative(),
  code: z.string().min(1),
  message: z.string(),
  /** From the Retry-After header (seconds or an HTTP date), when the answer had one. */
  retryAfterSeconds: z.number().nonnegative().optional(),
});
export type GraphRequestErrorInfo = z.infer<typeof graphRequestErrorInfoSchema>;

export class GraphRequestError extends Error implements GraphRequestErrorInfo {
  readonly status: number;
  readonly code: string;
  readonly retryAfterSeconds?: number;

  constructor(info: GraphRequestErrorInfo) {
    super(info.message);
    this.name = 'GraphRequestError';
    this.status = info.status;
    this.code = info.code;
    if (info.retryAfterSeconds !== undefined) this.retryAfterSeconds = info.retryAfterSeconds;
  }
}

/**
 * Seconds to wait from a Retry-After header value: delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Undefined when absent or unreadable; never negative.
 */
export function parseRetryAfterSeconds(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - nowMs) / 1000));
}
