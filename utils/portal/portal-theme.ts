export type PortalTheme = 'light' | 'dark';

/**
 * The portal's theme, read from the page's background colour rather than from its (undocumented,
 * changing) class names. `cssColor` is a computed colour such as "rgb(27, 26, 25)"; anything unreadable
 * or transparent counts as light, the portal's default.
 */
export function themeFromBackground(cssColor: string | null | undefined): PortalTheme {
  const match = /^rgba?\(\s*(\d+(?:\.\d+)?)[,\s]+(\d+(?:\.\d+)?)[,\s]+(\d+(?:\.\d+)?)(?:\s*[,/]\s*(\d*\.?\d+%?))?\s*\)$/.exec(
    (cssColor ?? '').trim(),
  );
  if (!match) return 'light';
  const [, r, g, b, alpha] = match;
  if (alpha !== undefined && parseFloat(alpha) === 0) return 'light';
  // Relative luminance (sRGB approximation) below the midpoint means a dark surface.
  const luminance = (0.2126 * Number(r) + 0.7152 * Number(g) + 0.0722 * Number(b)) / 255;
  return luminance < 0.5 ? 'dark' : 'light';
}
