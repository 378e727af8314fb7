import { browser as chromeApi } from '@wxt-dev/browser';
import { browser } from 'wxt/browser';
import { authHostResponseSchema, authHostTarget, type AuthHostRequest, type AuthHostResponse } from './auth-protocol';

const offscreenPath = '/offscreen.html';
let creating: Promise<void> | undefined;

/** Chromium: MSAL lives in an offscreen document, created on first need and kept while the browser runs. */
async function ensureOffscreenDocument(): Promise<void> {
  const url = browser.runtime.getURL(offscreenPath);
  const existing = await chromeApi.runtime.getContexts({
    contextTypes: [chromeApi.runtime.ContextType.OFFSCREEN_DOCUMENT],
    documentUrls: [url],
  });
  if (existing.length > 0) return;
  creating ??= chromeApi.offscreen
    .createDocument({
      url: offscreenPath,
      reasons: [chromeApi.offscreen.Reason.LOCAL_STORAGE],
      justification: 'MSAL keeps the Microsoft sign-in cache in localStorage, which service workers lack.',
    })
    .finally(() => {
      creating = undefined;
    });
  await creating;
}

export async function askOffscreenAuthHost(request: AuthHostRequest): Promise<AuthHostResponse> {
  await ensureOffscreenDocument();
  const response: unknown = await browser.runtime.sendMessage({ target: authHostTarget, request });
  const parsed = authHostResponseSchema.safeParse(response);
  return parsed.success
    ? parsed.data
    : { ok: false, kind: 'failed', message: 'The sign-in host gave no valid answer.' };
}

export async function launchWebAuthFlow(url: string, interactive: boolean): Promise<string> {
  const responseUrl = await browser.identity.launchWebAuthFlow({ url, interactive });
  if (!responseUrl) throw new Error('The sign-in window returned nothing.');
  return responseUrl;
}

export function webAuthRedirectUri(): string {
  return browser.identity.getRedirectURL();
}
