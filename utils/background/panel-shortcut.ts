import { browser } from 'wxt/browser';
import type { FocusPanelMessage } from '../messages/portal-answers';
import { readPortalTabs } from '../storage/portal-tabs-storage';

/** The manifest command (wxt.config.ts, `commands`) that focuses the incident panel: Alt+Shift+H by default. */
export const focusPanelCommand = 'focus-handoff-panel';

export interface PanelShortcutDeps {
  /** The focused window's active tab, if any. */
  activeTabId(): Promise<number | undefined>;
  /** The tabs that asked Handoff for handoffs (portal-tabs.ts): only their content script listens. */
  portalTabIds(): Promise<ReadonlySet<number>>;
  send(tabId: number, message: FocusPanelMessage): Promise<unknown>;
}

/**
 * The keyboard shortcut's handler: tells the active tab's panel to take the focus, when that tab is a
 * portal tab Handoff knows (no other page is ever messaged). Returns whether a tab was told. A tab that
 * no longer answers (navigated away, closed) is not an error: the shortcut does nothing.
 */
export function createPanelShortcut(deps: PanelShortcutDeps) {
  return async function onCommand(command: string): Promise<boolean> {
    if (command !== focusPanelCommand) return false;
    const tabId = await deps.activeTabId();
    if (tabId === undefined || !(await deps.portalTabIds()).has(tabId)) return false;
    try {
      await deps.send(tabId, { type: 'handoffFocusPanel' });
      return true;
    } catch {
      return false;
    }
  };
}

export function watchPanelShortcut(): void {
  const onCommand = createPanelShortcut({
    activeTabId: async () => (await browser.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id,
    portalTabIds: async () => new Set(Object.keys(await readPortalTabs()).map(Number)),
    send: (tabId, message) => browser.tabs.sendMessage(tabId, message),
  });
  browser.commands.onCommand.addListener((command) => void onCommand(command));
}
