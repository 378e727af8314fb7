/**
 * The portal's own controls for places Graph cannot reach (the reference's "Defender portal only"
 * scenarios): found by their visible or accessible name, never by the portal's class names, and
 * clicked for the analyst. Returns false when the page has no such control (the portal changed, or this
 * page does not offer it).
 */
// Buttons only: a link with the same words could be incident data (a title), never ours to click.
const controlSelector = 'button, [role="button"], [role="menuitem"], [role="tab"]';

function nameOf(element: Element): string {
  return (element.getAttribute('aria-label') ?? element.textContent ?? '').replace(/\s+/g, ' ').trim().toLowerCase();
}

export function clickPortalControl(name: string): boolean {
  const wanted = name.toLowerCase();
  for (const element of document.querySelectorAll(controlSelector)) {
    if (nameOf(element) !== wanted || !(element instanceof HTMLElement)) continue;
    element.focus();
    element.click();
    return true;
  }
  return false;
}
