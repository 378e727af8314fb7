// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { installExtensionCookieJar } from '@/utils/auth/extension-cookie-jar';

describe('installExtensionCookieJar', () => {
  beforeEach(() => localStorage.clear());

  it('keeps a Secure SameSite=None cookie, as MSAL writes its cache key', () => {
    installExtensionCookieJar(document, localStorage);
    document.cookie = 'msal.cache.encryption=%7B%22id%22%3A%221%22%7D;path=/;SameSite=None;Secure;';
    expect(document.cookie).toBe('msal.cache.encryption=%7B%22id%22%3A%221%22%7D');
  });

  it('survives a reload of the document', () => {
    installExtensionCookieJar(document, localStorage);
    document.cookie = 'a=1;Secure';
    document.cookie = 'b=2';
    const reloaded = document.implementation.createHTMLDocument('reloaded');
    installExtensionCookieJar(reloaded, localStorage);
    expect(reloaded.cookie).toBe('a=1; b=2');
  });

  it('removes a cookie written with a past expiry or a zero max-age', () => {
    installExtensionCookieJar(document, localStorage);
    document.cookie = 'a=1';
    document.cookie = 'b=2';
    document.cookie = 'a=;expires=Thu, 01 Jan 1970 00:00:00 GMT;path=/';
    document.cookie = 'b=;max-age=0';
    expect(document.cookie).toBe('');
  });

  it('starts empty from a corrupt jar instead of throwing', () => {
    localStorage.setItem('handoff.cookieJar', '{not json');
    installExtensionCookieJar(document, localStorage);
    expect(document.cookie).toBe('');
    localStorage.setItem('handoff.cookieJar', JSON.stringify({ ok: 'yes', bad: 3 }));
    installExtensionCookieJar(document, localStorage);
    expect(document.cookie).toBe('ok=yes');
  });

  it('ignores writes without a name', () => {
    installExtensionCookieJar(document, localStorage);
    document.cookie = '=orphan';
    document.cookie = 'nonsense';
    expect(document.cookie).toBe('');
  });
});
