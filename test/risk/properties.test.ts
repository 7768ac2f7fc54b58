import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deposit, openAccount, settle, withdraw, type CashAccount } from '../../src-main/risk/math/cash-ledger';
import { moneyFromValue } from '../../src-main/risk/math/money';
import { varFromPnl } from '../../src-main/risk/var/var-measures';

describe('VaR properties', () => {
  const sample = fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 300 });

  it('ES ≥ VaR, both grow with confidence, and VaR is one of the scenarios', () => {
    fc.assert(
      fc.property(sample, (pnl) => {
        const levels = varFromPnl(pnl, [0.9, 0.95, 0.99]);
        levels.forEach((level, i) => {
          expect(level.es).toBeGreaterThanOrEqual(level.var - 1e-6 * Math.abs(level.var));
          expect(pnl).toContain(-level.var);
          if (i > 0) expect(level.var).toBeGreaterThanOrEqual(levels[i - 1]!.var);
        });
      }),
    );
  });

  it('VaR scales with the position and shifts with cash (translation invariance)', () => {
    fc.assert(
      fc.property(sample, fc.integer({ min: 1, max: 10 }), fc.integer({ min: -1000, max: 1000 }), (pnl, scale, shift) => {
        const [base] = varFromPnl(pnl, [0.95]);
        const [scaled] = varFromPnl(pnl.map((v) => v * scale), [0.95]);
        const [shifted] = varFromPnl(pnl.map((v) => v + shift), [0.95]);
        expect(scaled!.var).toBeCloseTo(base!.var * scale, 3);
        expect(shifted!.var).toBeCloseTo(base!.var - shift, 3);
      }),
    );
  });
});

describe('ledger properties', () => {
  it('the balance never goes below −credit limit, and refused operations change nothing', () => {
    const op = fc.record({ kind: fc.constantFrom('deposit', 'withdraw', 'settle'), amount: fc.integer({ min: -1_000_000, max: 1_000_000 }) });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500_000 }), fc.array(op, { maxLength: 60 }), (credit, ops) => {
        let account: CashAccount = openAccount(credit);
        let expected = 0;
        for (const { kind, amount } of ops) {
          const result = kind === 'deposit' ? deposit(account, amount) : kind === 'withdraw' ? withdraw(account, amount) : settle(account, amount);
          if (result.ok) {
            expected += kind === 'withdraw' ? -amount : amount;
            account = result.account;
          }
          expect(account.balanceMoney).toBe(expected);
          expect(account.balanceMoney).toBeGreaterThanOrEqual(-credit);
        }
      }),
    );
  });
});

describe('rounding property', () => {
  it('rounding value → money is within half a money unit and exact on multiples of 60', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (value) => {
        const money = moneyFromValue(value);
        const error = Number(value - BigInt(money) * 60n);
        expect(Math.abs(error)).toBeLessThanOrEqual(30);
        expect(moneyFromValue(value * 60n)).toBe(Number(value));
      }),
    );
  });
});
