import type { CDPSession, Page } from '@playwright/test';
import { expect } from './extension-fixture';

/**
 * TEST ONLY. Handoff's content script runs in an isolated world the page's scripts cannot reach; specs
 * reach it through the DevTools protocol to send what a (confused or compromised) content script could
 * send, through the same channel and in the same order as the real one's messages.
 */

type ExecutionContext = { id: number; origin: string; auxData?: { isDefault?: boolean; type?: string; frameId?: string } };

/**
 * Runs `expression` (awaited, returned by value) in Handoff's content-script world of the page's main
 * frame; the world is looked up at each call, so it follows navigations.
 */
export async function inContentScriptWorld(page: Page, extensionId: string): Promise<(expression: string) => Promise<unknown>> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const contexts = new Map<number, ExecutionContext>();
  cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.set(context.id, context as ExecutionContext));
  cdp.on('Runtime.executionContextDestroyed', ({ executionContextId }) => contexts.delete(executionContextId));
  cdp.on('Runtime.executionContextsCleared', () => contexts.clear());
  await cdp.send('Runtime.enable'); // reports every existing context first
  const handoffWorld = async () => {
    const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } };
    return [...contexts.values()].find(
      (context) =>
        context.origin.startsWith(`chrome-extension://${extensionId}`) &&
        context.auxData?.frameId === frameTree.frame.id &&
        context.auxData?.isDefault !== true,
    );
  };
  return async (expression) => {
    await expect
      .poll(async () => (await handoffWorld()) !== undefined, {
        message: `Handoff’s content-script world on the page; contexts: ${JSON.stringify([...contexts.values()])}`,
      })
      .toBe(true);
    const world = (await handoffWorld())!;
    const { result, exceptionDetails } = (await cdp.send('Runtime.evaluate', {
      expression,
      contextId: world.id,
      awaitPromise: true,
      returnByValue: true,
    })) as { result: { value?: unknown }; exceptionDetails?: { text: string } };
    if (exceptionDetails) throw new Error(`in the content script's world: ${exceptionDetails.text}`);
    return result.value;
  };
}

/** A request for chrome.runtime.sendMessage, as an expression for inContentScriptWorld. */
export const sendMessageExpression = (request: object) => `chrome.runtime.sendMessage(${JSON.stringify(request)})`;
