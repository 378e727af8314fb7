import { describe, expect, it, vi } from 'vitest';
import { createPanelShortcut, focusPanelCommand, type PanelShortcutDeps } from '@/utils/background/panel-shortcut';

function shortcut(overrides: Partial<PanelShortcutDeps> = {}) {
  const send = vi.fn<PanelShortcutDeps['send']>().mockResolvedValue(undefined);
  const deps: PanelShortcutDeps = {
    activeTabId: async () => 7,
    portalTabIds: async () => new Set([3, 7]),
    send,
    ...overrides,
  };
  return { onCommand: createPanelShortcut(deps), send: overrides.send ?? send };
}

describe('the panel’s keyboard shortcut', () => {
  it('tells the active portal tab to focus its panel', async () => {
    const { onCommand, send } = shortcut();
    expect(await onCommand(focusPanelCommand)).toBe(true);
    expect(send).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenCalledWith(7, { type: 'handoffFocusPanel' });
  });

  it('ignores other commands', async () => {
    const { onCommand, send } = shortcut();
    expect(await onCommand('_execute_action')).toBe(false);
    expect(send).not.toHaveBeenCalled();
  });

  it('messages no tab that is not a portal tab Handoff knows, nor when there is no active tab', async () => {
    const notPortal = shortcut({ activeTabId: async () => 9 });
    expect(await notPortal.onCommand(focusPanelCommand)).toBe(false);
    expect(notPortal.send).not.toHaveBeenCalled();
    const none = shortcut({ activeTabId: async () => undefined });
    expect(await none.onCommand(focusPanelCommand)).toBe(false);
    expect(none.send).not.toHaveBeenCalled();
  });

  it('a tab that no longer answers is not an error', async () => {
    const send = vi.fn<PanelShortcutDeps['send']>().mockRejectedValue(new Error('Receiving end does not exist.'));
    const { onCommand } = shortcut({ send });
    expect(await onCommand(focusPanelCommand)).toBe(false);
    expect(send).toHaveBeenCalledWith(7, { type: 'handoffFocusPanel' });
  });
});
