import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { discardBody, nextMiddleware, removeRequestHeader } from './middleware-chain';

/**
 * First in the chain, before the library's AuthenticationHandler: when Graph answers 401 (the token
 * expired or was revoked early), the token is dropped (`forgetToken`) and the request is sent once more,
 * so the AuthenticationHandler asks the token port for a fresh one. A second 401 is final.
 */
export class TokenRefreshHandler implements Middleware {
  #next: Middleware | undefined;

  constructor(private readonly forgetToken: () => void) {}

  setNext(next: Middleware): void {
    this.#next = next;
  }

  async execute(context: Context): Promise<void> {
    const next = nextMiddleware(this.#next);
    await next.execute(context);
    if (context.response?.status !== 401) return;
    await discardBody(context.response);
    this.forgetToken();
    // The AuthenticationHandler appends to Authorization; without this the retry would carry both tokens.
    removeRequestHeader(context, 'Authorization');
    await next.execute(context);
  }
}
