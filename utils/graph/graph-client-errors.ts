import { GraphClientError, GraphError, type AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import { GraphRequestError, parseRetryAfterSeconds } from '../domain/graph-request-error';
import { errorMessage } from '../portal/error-message';

/**
 * How the Graph client library's failures become Handoff's: the token port's own errors (no token:
 * sign-in needed, consent) pass through untouched; everything else becomes a GraphRequestError with the
 * HTTP status, Graph's code and any Retry-After, or status 0 when no answer came.
 */

export interface AccessTokenPort {
  accessToken(): Promise<string>;
}

/** The token port's errors ride through the library inside a GraphClientError, which it rethrows as is. */
export function tokenProvider(ports: AccessTokenPort): AuthenticationProvider {
  return {
    async getAccessToken() {
      try {
        return await ports.accessToken();
      } catch (error) {
        const carrier = new GraphClientError('No access token for Graph');
        carrier.customError = error;
        throw carrier;
      }
    },
  };
}

export function toGraphRequestError(error: unknown): GraphRequestError {
  if (error instanceof GraphRequestError) return error;
  if (error instanceof GraphError) {
    const answered = typeof error.statusCode === 'number' && error.statusCode > 0;
    if (!answered) {
      return new GraphRequestError({
        status: 0,
        code: 'networkError',
        message: `Graph could not be reached: ${error.message || 'the connection failed'}`,
      });
    }
    const status = error.statusCode;
    const ok = status >= 200 && status < 300;
    const retryAfterSeconds = parseRetryAfterSeconds(error.headers?.get('Retry-After'), Date.now());
    return new GraphRequestError({
      status,
      // A 2xx that still failed could not be read (cut short, not JSON).
      code: ok ? 'invalidResponse' : error.code || `http${status}`,
      message: error.message || `Graph answered ${status}`,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    });
  }
  const message = errorMessage(error);
  return new GraphRequestError({ status: 0, code: 'networkError', message: `Graph request failed: ${message}` });
}

