import { z } from 'zod';

/** What a workspace hotkey can do, wherever the focus is. */
export const HOTKEY_ACTIONS = ['buy', 'sell', 'cancelAll', 'focusFilter', 'nextProduct', 'prevProduct', 'help'] as const;
export type HotkeyAction = (typeof HOTKEY_ACTIONS)[number];
export type HotkeyMap = Record<HotkeyAction, string>;

/** F1/F2 as the ticket has always had them; "/" to search and "?" for help as on most web tools. */
export const DEFAULT_HOTKEYS: HotkeyMap = {
  buy: 'F1',
  sell: 'F2',
  cancelAll: 'F8',
  focusFilter: '/',
  nextProduct: 'Alt+ArrowDown',
  prevProduct: 'Alt+ArrowUp',
  help: '?',
};

/**
 * Keys the browser or the desktop needs (copy and paste, find, reload, tabs, back and forward, zoom,
 * developer tools, leaving a field): a hotkey must never take them from the user.
 */
const RESERVED = new Set([
  'Tab', 'Shift+Tab', 'Enter', 'Escape', ' ', 'Shift+Escape', 'F5', 'F11', 'F12', 'Ctrl+F5', 'Alt+F4',
  'Ctrl+A', 'Ctrl+C', 'Ctrl+V', 'Ctrl+X', 'Ctrl+Z', 'Ctrl+Y', 'Ctrl+Shift+Z', 'Ctrl+F', 'Ctrl+G', 'Ctrl+P', 'Ctrl+S',
  'Ctrl+R', 'Ctrl+Shift+R', 'Ctrl+W', 'Ctrl+Shift+W', 'Ctrl+T', 'Ctrl+Shift+T', 'Ctrl+N', 'Ctrl+Shift+N', 'Ctrl+L', 'Ctrl+Q',
  'Ctrl+Shift+Q', 'Ctrl+Tab', 'Ctrl+Shift+Tab', 'Ctrl+Shift+I', 'Ctrl+Shift+J', 'Ctrl+Shift+C', 'Ctrl+U', 'Ctrl+0', 'Ctrl++',
  'Ctrl+-', 'Ctrl+=', 'Alt+ArrowLeft', 'Alt+ArrowRight', 'Alt+Home', 'Meta+C', 'Meta+V', 'Meta+X', 'Meta+A', 'Meta+Z',
  'Meta+F', 'Meta+Q', 'Meta+W', 'Meta+R', 'Meta+T',
]);

const MODIFIER_KEYS = new Set(['Control', 'Alt', 'Shift', 'Meta', 'AltGraph', 'CapsLock', 'Dead', 'Unidentified', 'Process']);

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

/**
 * One spelling per key press: "Ctrl+Alt+Shift+Meta+Key". A printed character already says whether
 * Shift was down ("?" is Shift+/ on one keyboard, not on another), so Shift is left out for it; letters are upper case.
 */
export function comboOf(press: KeyPress): string | null {
  if (MODIFIER_KEYS.has(press.key)) return null;
  const printable = press.key.length === 1;
  const key = printable ? press.key.toUpperCase() : press.key;
  const parts = [press.ctrlKey && 'Ctrl', press.altKey && 'Alt', press.shiftKey && !printable && 'Shift', press.metaKey && 'Meta'].filter(Boolean);
  return [...parts, key].join('+');
}

export type BindingProblem = { code: 'reserved' } | { code: 'conflict'; action: HotkeyAction };

/** Why `combo` cannot do `action`: the browser needs it, or another action has it already. */
export function bindingProblem(map: HotkeyMap, action: HotkeyAction, combo: string): BindingProblem | null {
  if (RESERVED.has(combo)) return { code: 'reserved' };
  const holder = HOTKEY_ACTIONS.find((other) => other !== action && map[other] === combo);
  return holder ? { code: 'conflict', action: holder } : null;
}

const StoredSchema = z.record(z.string(), z.string().min(1).max(40));

/**
 * The user's saved keys over the defaults. A saved key the browser needs, or one a second action
 * claims too, is dropped for that action's default, so a damaged or older setting cannot lock a user out.
 */
export function parseHotkeys(stored: unknown): HotkeyMap {
  const parsed = StoredSchema.safeParse(stored);
  const map: HotkeyMap = { ...DEFAULT_HOTKEYS };
  if (!parsed.success) return map;
  for (const action of HOTKEY_ACTIONS) {
    const combo = parsed.data[action];
    if (combo !== undefined) map[action] = combo;
  }
  for (const action of HOTKEY_ACTIONS) {
    if (map[action] !== DEFAULT_HOTKEYS[action] && bindingProblem(map, action, map[action]) !== null) map[action] = DEFAULT_HOTKEYS[action];
  }
  return map;
}

/** In a right-to-left layout "next" lies to the left: left and right arrows swap so keys follow the screen. */
function mirrored(combo: string): string {
  return combo.replace(/Arrow(Left|Right)$/, (_, side: string) => (side === 'Left' ? 'ArrowRight' : 'ArrowLeft'));
}

/** The action a key press asks for, if any. */
export function actionOf(map: HotkeyMap, combo: string, direction: 'ltr' | 'rtl'): HotkeyAction | null {
  const wanted = direction === 'rtl' ? mirrored(combo) : combo;
  return HOTKEY_ACTIONS.find((action) => map[action] === wanted) ?? null;
}

/**
 * While the user types in a field, only function keys act: a "/" or an arrow there is text or
 * movement, and taking it would surprise.
 */
export function actsWhileTyping(combo: string): boolean {
  return /(^|\+)F([1-9]|1[0-9]|2[0-4])$/.test(combo);
}
