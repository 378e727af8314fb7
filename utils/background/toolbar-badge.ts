import { browser } from 'wxt/browser';
import type { BadgeState } from '../sync/badge-state';

/** Shows a computed badge on the toolbar button (MV3 `action`; Firefox MV2 builds would use browserAction). */
export async function applyToolbarBadge(state: BadgeState): Promise<void> {
  const action = browser.action ?? browser.browserAction;
  await Promise.all([
    action.setBadgeText({ text: state.text }),
    action.setBadgeBackgroundColor({ color: state.color }),
    action.setTitle({ title: state.title }),
  ]);
}
