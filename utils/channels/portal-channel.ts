import { browser } from 'wxt/browser';
import type { BackgroundRequest } from '@/utils/messages/background-requests';
import type { CacheChangedMessage, PortalAnswers, PortalRequestType } from '@/utils/messages/portal-answers';

/**
 * The content script's only channel to Handoff's data: typed requests to the background. The background
 * validates every request (it trusts no page); its answers are typed by utils/messages/portal-answers.ts,
 * imported here as types only, so zod stays out of this bundle. A failure answer ({ok: false, error})
 * becomes a thrown Error with the background's words.
 */
export async function askBackground<T extends PortalRequestType>(
  request: Extract<BackgroundRequest, { type: T }>,
): Promise<PortalAnswers[T]> {
  const answer: unknown = await browser.runtime.sendMessage(request);
  if (typeof answer !== 'object' || answer === null || !('ok' in answer)) {
    throw new Error('Handoff’s background gave no answer (was the extension updated? Reload the page).');
  }
  if (answer.ok !== true) {
    throw new Error('error' in answer && typeof answer.error === 'string' ? answer.error : 'Handoff’s background failed.');
  }
  return answer as PortalAnswers[T];
}

function isCacheChangedMessage(message: unknown): message is CacheChangedMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    'type' in message &&
    message.type === 'handoffCacheChanged' &&
    'tenant' in message &&
    typeof message.tenant === 'string'
  );
}

/**
 * Calls `onChange(tenant)` when the background announces that a tenant's cache changed (a poll, a
 * quick action in any tab). Nothing runs in between: the page pays only when something changed.
 */
export function onTenantCacheChanged(signal: AbortSignal, onChange: (changedTenant: string) => void): void {
  const listener = (message: unknown) => {
    if (!isCacheChangedMessage(message)) return;
    try {
      onChange(message.tenant);
    } catch (error) {
      console.debug('[Handoff] cache change handler failed', error);
    }
  };
  browser.runtime.onMessage.addListener(listener);
  signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(listener), { once: true });
}
