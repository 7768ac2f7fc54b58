export { usePrefs, type Theme } from './prefs';
