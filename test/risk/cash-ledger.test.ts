import { describe, expect, it } from 'vitest';
import { availableMoney, deposit, openAccount, setCreditLimit, settle, withdraw, type CashAccount, type LedgerResult } from '../../src-main/risk/math/cash-ledger';

const ok = (result: LedgerResult): CashAccount => {
  if (!result.ok) throw new Error(result.message);
  return result.account;
};

describe('cash ledger', () => {
  it('deposits and withdraws without going negative', () => {
    let account = ok(deposit(openAccount(), 1000));
    account = ok(withdraw(account, 400));
    expect(account.balanceMoney).toBe(600);
    expect(withdraw(account, 601)).toMatchObject({ ok: false, reason: 'insufficient_funds', availableMoney: 600 });
    expect(withdraw(account, 0)).toMatchObject({ ok: false, reason: 'invalid_amount' });
    expect(deposit(account, 1.5)).toMatchObject({ ok: false, reason: 'invalid_amount' });
    expect(deposit(account, -5)).toMatchObject({ ok: false, reason: 'invalid_amount' });
  });

  it('lets the balance go down to −credit limit and no further', () => {
    let account = ok(deposit(openAccount(500), 100));
    expect(availableMoney(account)).toBe(600);
    account = ok(settle(account, -600));
    expect(account.balanceMoney).toBe(-500);
    expect(settle(account, -1)).toMatchObject({ ok: false, reason: 'insufficient_funds' });
    expect(ok(settle(account, 50)).balanceMoney).toBe(-450);
  });

  it('refuses to cut the credit limit below the credit drawn', () => {
    const account = ok(settle(openAccount(1000), -700));
    expect(setCreditLimit(account, 600)).toMatchObject({ ok: false, reason: 'credit_in_use' });
    expect(ok(setCreditLimit(account, 700)).creditLimitMoney).toBe(700);
  });

  it('refuses amounts that would leave the safe integer range', () => {
    const account = ok(deposit(openAccount(), Number.MAX_SAFE_INTEGER - 1));
    expect(deposit(account, 10)).toMatchObject({ ok: false, reason: 'overflow' });
  });
});
