import { themeFromBackground, type PortalTheme } from '@/utils/portal/portal-theme';

/** The portal's theme now, read from the page's own background colour (html, then body). */
export function currentPortalTheme(): PortalTheme {
  const body = document.body ? getComputedStyle(document.body).backgroundColor : null;
  const root = getComputedStyle(document.documentElement).backgroundColor;
  // A transparent body shows the root's colour.
  const transparent = (color: string | null) => !color || /^(transparent|rgba\(.*,\s*0\))$/.test(color);
  return themeFromBackground(transparent(body) ? root : body);
}

/**
 * Calls `onChange` when the portal switches between light and dark. Watches only the attributes of <html>
 * and <body> a theme switch changes (class, style, data-theme): no polling, no work on an idle page.
 */
export function watchPortalTheme(signal: AbortSignal, onChange: (theme: PortalTheme) => void): PortalTheme {
  let theme = currentPortalTheme();
  const observer = new MutationObserver(() => {
    try {
      const next = currentPortalTheme();
      if (next === theme) return;
      theme = next;
      onChange(next);
    } catch (error) {
      console.debug('[Handoff] theme check failed', error);
    }
  });
  const options = { attributes: true, attributeFilter: ['class', 'style', 'data-theme'] };
  observer.observe(document.documentElement, options);
  if (document.body) observer.observe(document.body, options);
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
  return theme;
}
