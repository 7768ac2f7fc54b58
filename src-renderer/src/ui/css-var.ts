/** A colour of the current theme (app.css variables), for canvases that cannot use CSS themselves. */
export function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}
