import { describe, expect, it } from 'vitest';
import { translator } from './locale-files';
import { ApiError } from '../../src-renderer/src/transport/api-error';
import { errorField, errorText } from '../../src-renderer/src/ui/errors/error-text';

describe('an error in the user\'s words', () => {

  it('words codes that mean the same for every call in the user\'s language', async () => {
    const t = await translator('ar');
    const locked = new ApiError({ code: 'ACCOUNT_LOCKED', message: 'Too many wrong passwords. This account is locked for 4 more minute(s).' });
    expect(errorText(locked, t)).toBe(t('errors.ACCOUNT_LOCKED'));
    expect(errorText(locked, t)).not.toContain('minute');
  });

  it('words a refusal from its reason and values, never from the core\'s English', async () => {
    const [english, arabic] = await Promise.all([translator('en'), translator('ar')]);
    const taken = new ApiError({ code: 'CONFLICT', message: 'The user name "tom" is taken.', field: 'username', reason: 'USERNAME_TAKEN', params: { username: 'tom' } });
    expect(errorText(taken, english)).toBe('The user name \u2066tom\u2069 is taken.');
    expect(errorText(taken, arabic)).toBe('اسم المستخدم \u2066tom\u2069 مستخدم بالفعل.');
    expect(errorField(taken)).toBe('username');
  });

  it('formats a refusal\'s values in the units of the screens', async () => {
    const t = await translator('en');
    const limit = new ApiError({ code: 'REJECTED', message: 'Refused by your max order quantity limit (1000 kW; this order: 2000 kW)', reason: 'LIMIT_MAX_ORDER_QUANTITY', params: { limitKw: 1000, wouldBeKw: 2000 } });
    const money = new ApiError({ code: 'REJECTED', message: 'Withdrawal refused', reason: 'INSUFFICIENT_FUNDS', params: { amountMoney: 150_000_000, availableMoney: 2_500_000 } });
    expect(errorText(limit, t)).toBe('Refused by your max order quantity limit (\u20661.0 MW\u2069; this order: \u20662.0 MW\u2069).');
    expect(errorText(money, t)).toBe('Withdrawal refused: \u20661,500.00 €\u2069 asked, \u206625.00 €\u2069 available.');
  });

  it("says a refusal by the terminal's default limit is the terminal's, not the trader's own", async () => {
    const t = await translator('en');
    const limit = new ApiError({ code: 'REJECTED', message: 'x', reason: 'LIMIT_MAX_ORDER_QUANTITY', params: { context: 'default', limitKw: 1000, wouldBeKw: 2000 } });
    expect(errorText(limit, t)).toBe("Refused by the terminal's default max order quantity (\u20661.0 MW\u2069; this order: \u20662.0 MW\u2069).");
  });

  it('words the variant the core names, and the plain reason without one', async () => {
    const t = await translator('en');
    const late = new ApiError({ code: 'REJECTED', message: 'x', reason: 'GATE_CLOSED', params: { context: 'at', productId: 'DE-H-1', atMs: Date.UTC(2026, 11, 2, 9), area: 'DE' } });
    const engine = new ApiError({ code: 'REJECTED', message: 'Trading in this product has closed (gate closure).', reason: 'GATE_CLOSED' });
    expect(errorText(late, t)).toBe('Trading in \u2066DE-H-1\u2069 closed at \u206602 Dec, 10:00\u2069 (gate closure).');
    expect(errorText(engine, t)).toBe('Trading in this product has closed (gate closure).');
  });

  it('words bad input by its field and bound, in Arabic too', async () => {
    const t = await translator('ar');
    const password = new ApiError({ code: 'BAD_INPUT', message: 'password: Too small', field: 'password', reason: 'INPUT_TOO_SHORT', params: { field: 'password', bound: 12 } });
    expect(errorText(password, t)).toBe('يحتاج كلمة المرور إلى \u206612\u2069 من الأحرف أو العناصر على الأقل.');
  });

  it('a refusal naming a field is the core\'s; the router\'s role check is the terminal\'s sentence', async () => {
    const t = await translator('en');
    const portfolio = new ApiError({ code: 'FORBIDDEN', message: 'You are not a member of the portfolio north.', field: 'portfolio', reason: 'NOT_PORTFOLIO_MEMBER', params: { portfolio: 'north' } });
    const role = new ApiError({ code: 'FORBIDDEN', message: 'Your role (viewer) may not do this; it needs one of: admin.' });
    expect([errorText(portfolio, t), errorText(role, t)]).toEqual(['You are not a member of the portfolio \u2066north\u2069.', 'Your role does not allow this.']);
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

  it('words a refused value by the kind the field expects, falling back to the plain sentence for a kind without words', async () => {
    const [english, arabic] = await Promise.all([translator('en'), translator('ar')]);
    const wrongType = (context?: string) => new ApiError({ code: 'BAD_INPUT', message: 'x', field: 'price', reason: 'INPUT_WRONG_TYPE', params: { field: 'price', ...(context ? { context } : {}) } });
    expect(errorText(wrongType('number'), english)).toBe('price must be a number.');
    expect(errorText(wrongType('number'), arabic)).toBe('يجب أن يكون السعر رقمًا.');
    expect(errorText(wrongType('bigint'), english)).toBe('price has the wrong kind of value.');
  });
});
