/** Prefs has no panel of its own (so no index.ts): the app shell and the panels read and write it through this store. */
export { usePrefs, type Theme } from './prefs';
