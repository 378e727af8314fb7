/**
 * MSAL keeps the key that encrypts its localStorage cache in a `Secure` session cookie, and
 * chrome-extension:// documents silently drop such cookies. This replaces `document.cookie` of the MSAL
 * host document with a jar held in this document's memory only: nothing of it is ever written to disk.
 * The key itself comes from the worker (storage.session, see msal-cache-key.ts) through `set`.
 */
export interface MemoryCookieJar {
  set(name: string, value: string): void;
  clear(): void;
}

export function installExtensionCookieJar(doc: Document): MemoryCookieJar {
  const jar = new Map<string, string>();
  Object.defineProperty(doc, 'cookie', {
    configurable: true,
    get: () => [...jar].map(([name, value]) => `${name}=${value}`).join('; '),
    set: (cookie: string) => {
      const [pair = '', ...attributes] = String(cookie).split(';');
      const separator = pair.indexOf('=');
      if (separator <= 0) return;
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      if (isExpired(attributes)) jar.delete(name);
      else jar.set(name, value);
    },
  });
  return {
    set: (name, value) => void jar.set(name, value),
    clear: () => jar.clear(),
  };
}

function isExpired(attributes: readonly string[]): boolean {
  for (const attribute of attributes) {
    const [rawName = '', ...rest] = attribute.split('=');
    const name = rawName.trim().toLowerCase();
    const value = rest.join('=').trim();
    if (name === 'max-age' && Number(value) <= 0) return true;
    if (name === 'expires' && Date.parse(value) <= Date.now()) return true;
  }
  return false;
}
