// The web-platform globals that pure code (utils/domain, portal, sync, messages) uses, for
// tsconfig.pure.json only. They exist in every runtime this code meets (service worker, extension pages,
// the content script, Node 20 for tests), unlike the rest of the DOM, which pure code must not touch; so
// they are declared here, as the standard shapes of only what is used, instead of adding the DOM library.
// The root project excludes this file: there lib.dom and @types/node declare the real ones.

/** portal-url, settings, incident-panel-model: parsing and building links. */
declare class URL {
  constructor(url: string, base?: string | URL);
  href: string;
  readonly origin: string;
  protocol: string;
  username: string;
  password: string;
  host: string;
  hostname: string;
  port: string;
  pathname: string;
  search: string;
  readonly searchParams: URLSearchParams;
  hash: string;
  toString(): string;
}

interface URLSearchParams {
  get(name: string): string | null;
  getAll(name: string): string[];
  has(name: string): boolean;
  set(name: string, value: string): void;
  toString(): string;
  /** portal: every parameter with its name, to read `tid` whatever its case. */
  [Symbol.iterator](): IterableIterator<[string, string]>;
}

/** sync: a round's cancellation, passed through to the Graph reads. */
interface AbortSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  throwIfAborted(): void;
}

/** portal-url's advanced hunting link: base64url(gzip(UTF-16LE query)). */
declare class Blob {
  constructor(parts: readonly Uint8Array<ArrayBuffer>[]);
  stream(): ReadableStream<Uint8Array<ArrayBuffer>>;
}

interface ReadableStream<R> {
  pipeThrough<T>(transform: { writable: WritableStream<R>; readable: ReadableStream<T> }): ReadableStream<T>;
}

interface WritableStream<W> {
  getWriter(): { write(chunk: W): Promise<void>; close(): Promise<void> };
}

declare class CompressionStream {
  constructor(format: 'gzip' | 'deflate' | 'deflate-raw');
  readonly readable: ReadableStream<Uint8Array<ArrayBuffer>>;
  readonly writable: WritableStream<Uint8Array<ArrayBuffer>>;
}

declare class Response {
  constructor(body: ReadableStream<Uint8Array<ArrayBuffer>>);
  arrayBuffer(): Promise<ArrayBuffer>;
}

declare function btoa(data: string): string;
