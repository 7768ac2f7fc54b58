/**
 * Only our own page may talk to the core: a frame navigated elsewhere, or an embedded foreign frame,
 * is refused. In development the page is served by the Vite dev server; in production from file://.
 */
export function isOwnFrameUrl(frameUrl: string | undefined, devServerUrl: string | undefined): boolean {
  if (!frameUrl) return false;
  let url: URL;
  try {
    url = new URL(frameUrl);
  } catch {
    return false;
  }
  if (devServerUrl) {
    try {
      return url.origin === new URL(devServerUrl).origin;
    } catch {
      return false;
    }
  }
  return url.protocol === 'file:' && url.pathname.endsWith('/renderer/index.html');
}
