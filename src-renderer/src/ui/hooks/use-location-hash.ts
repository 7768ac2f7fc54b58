import { useSyncExternalStore } from 'react';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/**
 * The address's `#…` part, following it as it changes: a link pasted into a tab that is already
 * open (the setup link, the unlock link) changes only the hash, and the page does not reload.
 */
export function useLocationHash(): string {
  return useSyncExternalStore(subscribe, () => location.hash);
}
