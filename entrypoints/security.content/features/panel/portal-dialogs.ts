/**
 * Whether the portal shows a dialog or flyout (Manage incident, Managed response: role=dialog in Fluent),
 * so the panel steps out of its way. The panel's own markup is in a closed shadow root, which the
 * document's queries never see: only the portal's dialogs count. A hidden one (display: none) does not.
 */
const dialogSelector = '[role="dialog"],[role="alertdialog"],dialog[open]';

export function portalDialogOpen(root: ParentNode = document): boolean {
  for (const dialog of root.querySelectorAll(dialogSelector)) {
    if (dialog.getClientRects().length > 0) return true;
  }
  return false;
}

/**
 * Calls `onChange(open)` when a portal dialog opens or the last one closes. One MutationObserver, its
 * work batched to one check per frame; nothing runs while the page does not change.
 */
export function watchPortalDialogs(signal: AbortSignal, onChange: (open: boolean) => void): void {
  let open = portalDialogOpen();
  let frame = 0;
  if (open) onChange(open);
  const observer = new MutationObserver(() => {
    if (frame !== 0) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      const now = portalDialogOpen();
      if (now === open) return;
      open = now;
      onChange(now);
    });
  });
  observer.observe(document.body, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['role', 'open', 'hidden', 'aria-hidden', 'style'],
  });
  signal.addEventListener(
    'abort',
    () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    },
    { once: true },
  );
}
