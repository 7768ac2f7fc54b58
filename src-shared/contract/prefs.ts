import { z } from 'zod';
import { boundedJson } from '../domain/bounded-json';
import { ADMIN_ROLES, call, defineCalls, defineEvents } from './kit';

/** Prefs: each user's own layout, theme, language and panel settings, opaque JSON to the core. */

export const PrefKeySchema = z.enum(['layout', 'theme', 'locale', 'digits', 'ticket', 'layouts', 'alerts', 'watchlist', 'hotkeys', 'blotterColumns']);
export type PrefKey = z.infer<typeof PrefKeySchema>;

/** The languages and themes a terminal-wide default may name (the renderer's picker offers the same). */
export const TERMINAL_LANGUAGES = ['en', 'ar', 'fr', 'es', 'de'] as const;
export const TERMINAL_THEMES = ['light', 'dark'] as const;

/** A zone the runtime's time-zone database knows: `Intl` refuses any other, so a typo cannot reach a clock. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const TimeZoneSchema = z.string().min(1).max(64).refine(isTimeZone, { message: 'a time zone such as Europe/Berlin', params: { reason: 'UNKNOWN_TIME_ZONE' } });

/**
 * What a user sees before choosing for themselves: the terminal's language, theme and time zone,
 * set by an administrator. A field left out is kept.
 */
export const TerminalDefaultsSchema = z
  .object({ language: z.enum(TERMINAL_LANGUAGES), theme: z.enum(TERMINAL_THEMES), timeZone: TimeZoneSchema })
  .partial()
  .strict();
export type TerminalDefaultsInput = z.infer<typeof TerminalDefaultsSchema>;

export interface TerminalDefaultsView {
  language: (typeof TERMINAL_LANGUAGES)[number];
  theme: (typeof TERMINAL_THEMES)[number];
  timeZone: string;
  updatedAt: number | null;
  updatedBy: string | null;
}

export const DEFAULT_TERMINAL_DEFAULTS: Omit<TerminalDefaultsView, 'updatedAt' | 'updatedBy'> = { language: 'en', theme: 'light', timeZone: 'Europe/Berlin' };

export const prefsCalls = defineCalls('prefs', {
  /** Every signed-in user's screens start from these until the user picks their own. */
  'prefs.defaults.get': call<TerminalDefaultsView>()({ input: z.object({}).strict(), access: 'session', mutates: false }),
  'prefs.defaults.set': call<TerminalDefaultsView>()({ input: TerminalDefaultsSchema, access: ADMIN_ROLES, mutates: true }),
  'prefs.get': call<Partial<Record<PrefKey, unknown>>>()({ input: z.object({}).strict(), access: 'session', mutates: false }),
  'prefs.set': call<{ done: true }>()({
    input: z
      .object({
        key: PrefKeySchema,
        // Preferences are opaque JSON to the core; bounded so a client can neither fill the disk nor
        // overflow the stack with deep nesting. A layout of nested splits stays far below 64 levels.
        value: boundedJson({ maxDepth: 64, maxNodes: 100_000, maxChars: 200_000 }),
      })
      .strict(),
    access: 'session',
    mutates: true,
  }),
});

export const prefsEvents = defineEvents('prefs', {});
