/**
 * The content script's `browser`, in place of webextension-polyfill (wxt.config.ts aliases the polyfill
 * to this file for the content script's build only): the browser's own promise-based API, as WXT's
 * `wxt/browser` gives it without the polyfill. The content script only sends messages and listens to
 * them (utils/channels/portal-channel.ts), which Chromium's MV3 `chrome` and Firefox's `browser` do
 * natively with promises; the worker always answers with an `{ok}` envelope and never rejects, so the
 * polyfill's rejection protocol is not needed. Saves about 2.4 KB gzip in every portal tab (30.8 → 28.4 KB).
 */
type ExtensionGlobal = { runtime?: { id?: string } };
const scope = globalThis as unknown as { browser?: ExtensionGlobal; chrome?: ExtensionGlobal };

export default scope.browser?.runtime?.id ? scope.browser : scope.chrome;
