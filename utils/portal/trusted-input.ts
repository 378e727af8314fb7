/**
 * Write controls act only on the analyst's own input. A script on the portal page (an XSS in the
 * portal, another extension) can dispatch events or call `click()`/`requestSubmit()`; the browser marks
 * those `isTrusted: false`, and a write control ignores them. (The closed shadow roots keep the page
 * from reaching the controls at all; this is the second wall.) Pure: the event is typed by shape.
 */

interface MaybeTrustedEvent {
  readonly isTrusted: boolean;
  preventDefault(): void;
}

/** Wraps a write control's handler: a synthetic event is cancelled and does nothing. */
export function onlyTrusted<E extends MaybeTrustedEvent>(handler: (event: E) => void): (event: E) => void {
  return (event) => {
    if (!event.isTrusted) {
      event.preventDefault();
      return;
    }
    handler(event);
  };
}

/**
 * A form whose submit writes: the submit event itself is fired by the browser (trusted even after a
 * scripted `requestSubmit()`), so the form submits only right after a trusted click on its submit
 * button. `submitterClick` goes on the submit button, `allowsSubmit` is asked by `onSubmit`.
 */
export function trustedSubmitGuard(now: () => number = Date.now) {
  let trustedClickAt = Number.NEGATIVE_INFINITY;
  return {
    submitterClick(event: MaybeTrustedEvent): void {
      if (!event.isTrusted) {
        event.preventDefault();
        trustedClickAt = Number.NEGATIVE_INFINITY;
        return;
      }
      trustedClickAt = now();
    },
    /** True once per trusted click, and only within a second of it (the submit follows at once). */
    allowsSubmit(): boolean {
      const allowed = now() - trustedClickAt < 1000;
      trustedClickAt = Number.NEGATIVE_INFINITY;
      return allowed;
    },
  };
}
