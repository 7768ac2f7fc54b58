import { create } from 'zustand';
import type { PrefKey } from '../../../src-shared/contract';
import { call } from '../api/client';
import { applyLanguage, type Language } from '../i18n';

export type Theme = 'light' | 'dark';

interface PrefsState {
  theme: Theme;
  language: Language;
  layout: unknown;
  /** True once the signed-in user's saved layout has been fetched: the dock mounts only then. */
  loaded: boolean;
  setTheme(theme: Theme): void;
  setLanguage(language: Language): void;
  setLayout(layout: unknown): void;
  loadFromServer(): Promise<void>;
}

const LOCAL_KEY = 'griddesk.display';

/** Theme and language are also kept locally so the sign-in screen already looks right. */
function readLocal(): { theme: Theme; language: Language } {
  try {
    const stored = JSON.parse(localStorage.getItem(LOCAL_KEY) ?? '{}') as { theme?: string; language?: string };
    return {
      theme: stored.theme === 'dark' ? 'dark' : stored.theme === 'light' ? 'light' : matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light',
      language: stored.language === 'ar' ? 'ar' : 'en',
    };
  } catch {
    return { theme: 'light', language: 'en' };
  }
}

function applyTheme(theme: Theme): void {
  document.documentElement.dataset['theme'] = theme;
}

function persist(key: PrefKey, value: unknown): void {
  call('prefs.set', { key, value: value as never }).catch(() => {
    // Not signed in yet or offline: the local copy still holds it.
  });
}

const initial = readLocal();
applyTheme(initial.theme);
applyLanguage(initial.language);

let layoutTimer: ReturnType<typeof setTimeout> | undefined;

export const usePrefs = create<PrefsState>((set, get) => ({
  ...initial,
  layout: null,
  loaded: false,
  setTheme(theme) {
    applyTheme(theme);
    set({ theme });
    localStorage.setItem(LOCAL_KEY, JSON.stringify({ theme, language: get().language }));
    persist('theme', theme);
  },
  setLanguage(language) {
    applyLanguage(language);
    set({ language });
    localStorage.setItem(LOCAL_KEY, JSON.stringify({ theme: get().theme, language }));
    persist('locale', language);
  },
  setLayout(layout) {
    set({ layout });
    // Dragging a splitter fires many changes; one write after it settles is enough.
    clearTimeout(layoutTimer);
    layoutTimer = setTimeout(() => persist('layout', layout), 300);
  },
  async loadFromServer() {
    const prefs = await call('prefs.get', {});
    const theme = prefs.theme === 'light' || prefs.theme === 'dark' ? prefs.theme : get().theme;
    const language = prefs.locale === 'en' || prefs.locale === 'ar' ? prefs.locale : get().language;
    applyTheme(theme);
    applyLanguage(language);
    localStorage.setItem(LOCAL_KEY, JSON.stringify({ theme, language }));
    set({ theme, language, layout: prefs.layout ?? null, loaded: true });
  },
}));
