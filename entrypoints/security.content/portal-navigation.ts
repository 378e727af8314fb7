import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/**
 * Calls `onChange` whenever the portal's single-page app changes the URL (pushState, replaceState,
 * back/forward). The Navigation API reports every same-document navigation with no polling, so an idle
 * portal costs nothing; where it is missing (older Firefox) WXT's location watcher stands in.
 */
export function watchPortalNavigation(ctx: ContentScriptContext, onChange: (url: string) => void): void {
  let lastUrl = location.href;
  const notifyIfChanged = () => {
    if (location.href === lastUrl) return;
    lastUrl = location.href;
    onChange(lastUrl);
  };
  const navigation = (globalThis as { navigation?: EventTarget }).navigation;
  if (navigation) {
    ctx.addEventListener(navigation, 'currententrychange', notifyIfChanged);
  } else {
    ctx.addEventListener(window, 'wxt:locationchange', notifyIfChanged);
  }
  ctx.addEventListener(window, 'popstate', notifyIfChanged);
}
