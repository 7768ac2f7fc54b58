import { z } from 'zod';
import { boundedJson } from '../domain/bounded-json';
import { call, defineCalls, defineEvents } from './kit';

/** Prefs: each user's own layout, theme, language and panel settings, opaque JSON to the core. */

export const PrefKeySchema = z.enum(['layout', 'theme', 'locale', 'ticket', 'layouts', 'alerts', 'watchlist', 'hotkeys', 'blotterColumns']);
export type PrefKey = z.infer<typeof PrefKeySchema>;

export const prefsCalls = defineCalls('prefs', {
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
