// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { installExtensionCookieJar } from '@/utils/auth/extension-cookie-jar';

describe('installExtensionCookieJar', () => {
  beforeEach(() => localStorage.clear());

  it('keeps a Secure SameSite=None cookie, as MSAL writes its cache key', () => {
    installExtensionCookieJar(document);
    document.cookie = 'msal.cache.encryption=%7B%22id%22%3A%221%22%7D;path=/;SameSite=None;Secure;';
    expect(document.cookie).toBe('msal.cache.encryption=%7B%22id%22%3A%221%22%7D');
  });

  it('writes nothing to localStorage: a reloaded document starts empty', () => {
    installExtensionCookieJar(document);
    document.cookie = 'a=1;Secure';
    document.cookie = 'b=2';
    expect(document.cookie).toBe('a=1; b=2');
    expect(localStorage.length).toBe(0);
    const reloaded = document.implementation.createHTMLDocument('reloaded');
    installExtensionCookieJar(reloaded);
    expect(reloaded.cookie).toBe('');
  });

  it('takes a cookie from its owner (the worker’s key) and forgets everything on clear', () => {
    const jar = installExtensionCookieJar(document);
    jar.set('msal.cache.encryption', 'k');
    expect(document.cookie).toBe('msal.cache.encryption=k');
    jar.clear();
    expect(document.cookie).toBe('');
  });

  it('removes a cookie written with a past expiry or a zero max-age', () => {
    installExtensionCookieJar(document);
    document.cookie = 'a=1';
    document.cookie = 'b=2';
    document.cookie = 'a=;expires=Thu, 01 Jan 1970 00:00:00 GMT;path=/';
    document.cookie = 'b=;max-age=0';
    expect(document.cookie).toBe('');
  });

  it('ignores writes without a name', () => {
    installExtensionCookieJar(document);
    document.cookie = '=orphan';
    document.cookie = 'nonsense';
    expect(document.cookie).toBe('');
  });
});
