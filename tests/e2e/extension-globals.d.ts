// Code passed to serviceWorker.evaluate() runs in the extension, where `chrome` exists.
import type { Browser } from '@wxt-dev/browser';

declare global {
  const chrome: typeof Browser;
}
export {};
