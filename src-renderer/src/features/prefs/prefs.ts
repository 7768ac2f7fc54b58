import { z } from 'zod';
import { create } from 'zustand';
import type { PrefKey } from '../../../../src-shared/contract';
import { call } from '../../transport/client';
import { setDigitContext } from '../../ui/digits';
import { applyLanguage, isLanguage, type Language } from '../../ui/i18n';

export type Theme = 'light' | 'dark';

const TicketPrefsSchema = z.object({ confirmAboveKw: z.number().int().positive().nullable() });
const HotkeysPrefsSchema = z.record(z.string(), z.string());
/** Which columns of each blotter table the user shows, in the order shown (ids the table knows; others are dropped there). */
const BlotterColumnsSchema = z.object({ orders: z.array(z.string().min(1).max(32)).max(32).nullable() });
const LayoutsPrefsSchema = z.object({ named: z.record(z.string(), z.unknown()), current: z.string().nullable() });

interface PrefsState {
  theme: Theme;
  language: Language;
  /** Figures in Arabic-Indic digits while the language is Arabic (Latin otherwise, and by default). */
  arabicDigits: boolean;
  layout: unknown;
  /** Orders of at least this size (kW) ask for confirmation; null never asks. */
  confirmAboveKw: number | null;
  /** Saved layouts by name; `currentLayout` is the one restored at start. */
  namedLayouts: Record<string, unknown>;
  currentLayout: string | null;
  /** The user's own workspace keys by action, as saved; the shell lays them over its defaults. */
  hotkeys: Record<string, string>;
  /** The orders blotter's chosen columns in their order; null shows the default set. */
  blotterColumns: string[] | null;
  /** True once the signed-in user's saved layout has been fetched: the dock mounts only then. */
  loaded: boolean;
  setTheme(theme: Theme): void;
  setLanguage(language: Language): void;
  setArabicDigits(on: boolean): void;
  setLayout(layout: unknown): void;
  setConfirmAbove(kw: number | null): void;
  saveLayoutAs(name: string, layout: unknown): void;
  applyNamedLayout(name: string): unknown;
  deleteLayout(name: string): void;
  setHotkeys(hotkeys: Record<string, string>): void;
  setBlotterColumns(columns: string[] | null): void;
  loadFromServer(): Promise<void>;
}

const LOCAL_KEY = 'griddesk.display';

interface Display {
  theme: Theme;
  language: Language;
  arabicDigits: boolean;
}

/** Theme, language and digits are also kept locally so the sign-in screen already looks right. */
function readLocal(): Display {
  try {
    const stored = JSON.parse(localStorage.getItem(LOCAL_KEY) ?? '{}') as { theme?: string; language?: string; arabicDigits?: unknown };
    return {
      theme: stored.theme === 'dark' ? 'dark' : stored.theme === 'light' ? 'light' : matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light',
      language: isLanguage(stored.language) ? stored.language : 'en',
      arabicDigits: stored.arabicDigits === true,
    };
  } catch {
    return { theme: 'light', language: 'en', arabicDigits: false };
  }
}

function writeLocal(display: Display): void {
  localStorage.setItem(LOCAL_KEY, JSON.stringify(display));
}

/** The digits first: changing the language re-renders every screen, which then formats with them. */
function applyWords(language: Language, arabicDigits: boolean): void {
  setDigitContext({ language, arabicIndic: arabicDigits });
  applyLanguage(language);
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
applyWords(initial.language, initial.arabicDigits);

let layoutTimer: ReturnType<typeof setTimeout> | undefined;

export const usePrefs = create<PrefsState>((set, get) => ({
  ...initial,
  layout: null,
  confirmAboveKw: null,
  namedLayouts: {},
  currentLayout: null,
  hotkeys: {},
  blotterColumns: null,
  loaded: false,
  setTheme(theme) {
    applyTheme(theme);
    set({ theme });
    writeLocal({ theme, language: get().language, arabicDigits: get().arabicDigits });
    persist('theme', theme);
  },
  setLanguage(language) {
    applyWords(language, get().arabicDigits);
    set({ language });
    writeLocal({ theme: get().theme, language, arabicDigits: get().arabicDigits });
    persist('locale', language);
  },
  setArabicDigits(on) {
    applyWords(get().language, on);
    set({ arabicDigits: on });
    writeLocal({ theme: get().theme, language: get().language, arabicDigits: on });
    persist('digits', on ? 'arabic' : 'latin');
  },
  setLayout(layout) {
    set({ layout });
    // Dragging a splitter fires many changes; one write after it settles is enough.
    clearTimeout(layoutTimer);
    layoutTimer = setTimeout(() => persist('layout', layout), 300);
  },
  setConfirmAbove(kw) {
    set({ confirmAboveKw: kw });
    persist('ticket', { confirmAboveKw: kw });
  },
  saveLayoutAs(name, layout) {
    const namedLayouts = { ...get().namedLayouts, [name]: layout };
    set({ namedLayouts, currentLayout: name, layout });
    persist('layouts', { named: namedLayouts, current: name });
  },
  applyNamedLayout(name) {
    const layout = get().namedLayouts[name];
    if (layout === undefined) return null;
    set({ currentLayout: name, layout });
    persist('layouts', { named: get().namedLayouts, current: name });
    return layout;
  },
  deleteLayout(name) {
    const namedLayouts = { ...get().namedLayouts };
    delete namedLayouts[name];
    const currentLayout = get().currentLayout === name ? null : get().currentLayout;
    set({ namedLayouts, currentLayout });
    persist('layouts', { named: namedLayouts, current: currentLayout });
  },
  setHotkeys(hotkeys) {
    set({ hotkeys });
    persist('hotkeys', hotkeys);
  },
  setBlotterColumns(columns) {
    set({ blotterColumns: columns });
    persist('blotterColumns', { orders: columns });
  },
  async loadFromServer() {
    // The user's own choice first; until they make one, the terminal's defaults its admin set.
    const [prefs, defaults] = await Promise.all([call('prefs.get', {}), call('prefs.defaults.get', {})]);
    const theme = prefs.theme === 'light' || prefs.theme === 'dark' ? prefs.theme : defaults.theme;
    const language = isLanguage(prefs.locale) ? prefs.locale : isLanguage(defaults.language) ? defaults.language : get().language;
    const arabicDigits = prefs.digits === 'arabic';
    applyTheme(theme);
    applyWords(language, arabicDigits);
    writeLocal({ theme, language, arabicDigits });
    const ticket = TicketPrefsSchema.safeParse(prefs.ticket);
    const layouts = LayoutsPrefsSchema.safeParse(prefs.layouts);
    const hotkeys = HotkeysPrefsSchema.safeParse(prefs.hotkeys);
    const blotterColumns = BlotterColumnsSchema.safeParse(prefs.blotterColumns);
    set({
      theme,
      language,
      arabicDigits,
      layout: prefs.layout ?? null,
      confirmAboveKw: ticket.success ? ticket.data.confirmAboveKw : null,
      namedLayouts: layouts.success ? layouts.data.named : {},
      currentLayout: layouts.success ? layouts.data.current : null,
      hotkeys: hotkeys.success ? hotkeys.data : {},
      blotterColumns: blotterColumns.success ? blotterColumns.data.orders : null,
      loaded: true,
    });
  },
}));
