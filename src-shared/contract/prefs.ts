import { z } from 'zod';
import { call, defineCalls, defineEvents } from './kit';

/** Prefs: each user's own layout, theme, language and panel settings, opaque JSON to the core. */

export const PrefKeySchema = z.enum(['layout', 'theme', 'locale', 'ticket', 'layouts', 'alerts', 'watchlist']);
export type PrefKey = z.infer<typeof PrefKeySchema>;

export const prefsCalls = defineCalls('prefs', {
  'prefs.get': call<Partial<Record<PrefKey, unknown>>>()({ input: z.object({}).strict(), access: 'session', mutates: false }),
  'prefs.set': call<{ done: true }>()({
    input: z
      .object({
        key: PrefKeySchema,
        // Preferences are opaque JSON to the core; bounded so a client cannot fill the disk.
        value: z.json().refine((v) => JSON.stringify(v).length <= 200_000, 'preference too large (200 kB max)'),
      })
      .strict(),
    access: 'session',
    mutates: true,
  }),
});

export const prefsEvents = defineEvents('prefs', {});
