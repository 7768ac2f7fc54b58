import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { shippedLocales } from './locale-files';
import { ApiError } from '../../src-renderer/src/transport/api-error';
import { errorField, errorText } from '../../src-renderer/src/ui/errors/error-text';

describe('an error in the user\'s words', () => {
  const { en, ar } = shippedLocales();

  async function translator(lng: 'en' | 'ar') {
    const i18n = i18next.createInstance();
    await i18n.init({ resources: { en: { translation: en }, ar: { translation: ar } }, lng, interpolation: { escapeValue: false } });
    return i18n.t;
  }

  it('words codes that mean the same for every call in the user\'s language', async () => {
    const t = await translator('ar');
    const locked = new ApiError({ code: 'ACCOUNT_LOCKED', message: 'Too many wrong passwords. This account is locked for 4 more minute(s).' });
    expect(errorText(locked, t)).toBe(t('errors.ACCOUNT_LOCKED'));
    expect(errorText(locked, t)).not.toContain('minute');
  });

  it('keeps the core\'s own words where they name what only it knows', async () => {
    const t = await translator('en');
    const limit = new ApiError({ code: 'REJECTED', message: 'Refused by your max order quantity limit (1 MW; this order: 2 MW).', reason: 'LIMIT_MAX_ORDER_KW' });
    const password = new ApiError({ code: 'BAD_INPUT', message: 'password: Too small: expected string to have >=12 characters', field: 'password' });
    const taken = new ApiError({ code: 'CONFLICT', message: 'The user name "tom" is taken.', field: 'username' });
    expect([errorText(limit, t), errorText(password, t), errorText(taken, t)]).toEqual([limit.message, password.message, taken.message]);
    expect(errorField(password)).toBe('password');
  });

  it('a refusal naming a field is the core\'s; the router\'s role check is the terminal\'s sentence', async () => {
    const t = await translator('en');
    const portfolio = new ApiError({ code: 'FORBIDDEN', message: 'You are not a member of the portfolio north.', field: 'portfolio' });
    const role = new ApiError({ code: 'FORBIDDEN', message: 'Your role (viewer) may not do this; it needs one of: admin.' });
    expect([errorText(portfolio, t), errorText(role, t)]).toEqual([portfolio.message, 'Your role does not allow this.']);
  });

  it('a reason the locales know is worded in each language, whatever the code', async () => {
    const [english, arabic] = await Promise.all([translator('en'), translator('ar')]);
    const lost = new ApiError({ code: 'INTERNAL', message: 'The connection to the terminal was lost. Retrying…', reason: 'DISCONNECTED' });
    expect(errorText(lost, english)).toBe(lost.message);
    expect(errorText(lost, arabic)).toBe(arabic('errors.reasons.DISCONNECTED'));
    expect(errorText(lost, arabic)).not.toBe(lost.message);
  });

  it('anything that is not the core\'s answer is an internal failure', async () => {
    const t = await translator('en');
    expect([errorText(new TypeError('x is undefined'), t), errorText('boom', t)]).toEqual([t('errors.INTERNAL'), t('errors.INTERNAL')]);
  });
});
