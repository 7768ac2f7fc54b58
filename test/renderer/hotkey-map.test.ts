import { describe, expect, it } from 'vitest';
import { DEFAULT_HOTKEYS, actionOf, actsWhileTyping, bindingProblem, comboOf, parseHotkeys } from '../../src-renderer/src/app/hotkeys/hotkey-map';

const press = (key: string, mods: Partial<{ ctrlKey: boolean; altKey: boolean; shiftKey: boolean; metaKey: boolean }> = {}) => ({ key, ctrlKey: false, altKey: false, shiftKey: false, metaKey: false, ...mods });

describe('key press spelling', () => {
  it('names modifiers in a fixed order and leaves Shift out of printed characters', () => {
    expect([comboOf(press('ArrowDown', { altKey: true, ctrlKey: true })), comboOf(press('?', { shiftKey: true })), comboOf(press('b', { ctrlKey: true })), comboOf(press('F3', { shiftKey: true }))])
      .toEqual(['Ctrl+Alt+ArrowDown', '?', 'Ctrl+B', 'Shift+F3']);
  });

  it('gives no combination for a modifier pressed alone', () => {
    expect(comboOf(press('Shift', { shiftKey: true }))).toBeNull();
  });
});

describe('binding a key', () => {
  it('refuses keys the browser needs', () => {
    expect([bindingProblem(DEFAULT_HOTKEYS, 'buy', 'Ctrl+C'), bindingProblem(DEFAULT_HOTKEYS, 'nextProduct', 'Alt+ArrowLeft'), bindingProblem(DEFAULT_HOTKEYS, 'help', 'F5')])
      .toEqual([{ code: 'reserved' }, { code: 'reserved' }, { code: 'reserved' }]);
  });

  it('names the action that already holds a key', () => {
    expect(bindingProblem(DEFAULT_HOTKEYS, 'buy', 'F2')).toEqual({ code: 'conflict', action: 'sell' });
    expect(bindingProblem(DEFAULT_HOTKEYS, 'buy', 'F1')).toBeNull();
  });
});

describe('saved hotkeys', () => {
  it('lays the saved keys over the defaults', () => {
    expect(parseHotkeys({ buy: 'F3' })).toEqual({ ...DEFAULT_HOTKEYS, buy: 'F3' });
  });

  it('falls back to the default for a reserved or doubly claimed key, and for anything not a map of keys', () => {
    expect(parseHotkeys({ buy: 'Ctrl+V', cancelAll: 'F2' })).toEqual(DEFAULT_HOTKEYS);
    expect([parseHotkeys('F1'), parseHotkeys(null), parseHotkeys({ buy: 7 })]).toEqual([DEFAULT_HOTKEYS, DEFAULT_HOTKEYS, DEFAULT_HOTKEYS]);
  });
});

describe('acting on a key', () => {
  const arrows = { ...DEFAULT_HOTKEYS, nextProduct: 'Ctrl+ArrowRight', prevProduct: 'Ctrl+ArrowLeft' };

  it('swaps left and right in a right-to-left layout, so next follows reading order', () => {
    expect([actionOf(arrows, 'Ctrl+ArrowRight', 'ltr'), actionOf(arrows, 'Ctrl+ArrowRight', 'rtl'), actionOf(arrows, 'Ctrl+ArrowLeft', 'rtl')])
      .toEqual(['nextProduct', 'prevProduct', 'nextProduct']);
  });

  it('does not swap up and down', () => {
    expect(actionOf(DEFAULT_HOTKEYS, 'Alt+ArrowDown', 'rtl')).toBe('nextProduct');
  });

  it('lets only function keys act while typing in a field', () => {
    expect([actsWhileTyping('F1'), actsWhileTyping('Shift+F12'), actsWhileTyping('/'), actsWhileTyping('Alt+ArrowDown'), actsWhileTyping('F')]).toEqual([true, true, false, false, false]);
  });
});
