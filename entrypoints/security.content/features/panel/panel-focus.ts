import { browser } from 'wxt/browser';
import type { FocusPanelMessage } from '@/utils/messages/portal-answers';

/**
 * The keyboard shortcut (manifest `commands`, Alt+Shift+H): the worker's command handler
 * (utils/background/panel-shortcut.ts) tells the active portal tab, and `focus` runs.
 */
export function onFocusPanelRequest(signal: AbortSignal, focus: () => void): void {
  const listener = (message: unknown) => {
    if ((message as Partial<FocusPanelMessage> | null)?.type === 'handoffFocusPanel') focus();
  };
  browser.runtime.onMessage.addListener(listener);
  signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(listener), { once: true });
}

/** The panel's first stop: the top card when open, else its first button (the pill; the toggle while it loads). */
export function focusPanel(region: HTMLElement | null): void {
  (region?.querySelector<HTMLElement>('.handoff-card') ?? region?.querySelector('button'))?.focus();
}
