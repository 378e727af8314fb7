/**
 * MSAL keeps the key that encrypts its localStorage cache in a `Secure` session cookie, and
 * chrome-extension:// documents silently drop such cookies: the cache would be unreadable after every
 * reload and every browser restart. This replaces `document.cookie` of the MSAL host document with a jar
 * kept in that document's own localStorage (the extension origin only; no content script can read it),
 * so the cache lives as long as the refresh token does.
 */
export function installExtensionCookieJar(doc: Document, storage: Storage, storageKey = 'handoff.cookieJar'): void {
  const jar = readJar(storage, storageKey);
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
      storage.setItem(storageKey, JSON.stringify(Object.fromEntries(jar)));
    },
  });
}

function readJar(storage: Storage, storageKey: string): Map<string, string> {
  try {
    const saved: unknown = JSON.parse(storage.getItem(storageKey) ?? '{}');
    if (saved && typeof saved === 'object' && !Array.isArray(saved)) {
      return new Map(Object.entries(saved).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    }
  } catch {
    // A corrupt jar only costs a new encryption key: MSAL then starts from an empty cache.
  }
  return new Map();
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
