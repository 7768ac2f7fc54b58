/**
 * Cash balance of an account in money units (0.00001 €). Functions return a new account or a
 * refusal with its reason; the balance may fall below zero only down to −creditLimit.
 */

export interface CashAccount {
  readonly balanceMoney: number;
  /** How far below zero the balance may go; 0 = no credit. */
  readonly creditLimitMoney: number;
}

export type LedgerRefusalReason = 'invalid_amount' | 'insufficient_funds' | 'credit_in_use' | 'overflow';

export type LedgerResult =
  | { ok: true; account: CashAccount }
  | { ok: false; reason: LedgerRefusalReason; message: string; availableMoney: number };

export function openAccount(creditLimitMoney = 0): CashAccount {
  if (!Number.isSafeInteger(creditLimitMoney) || creditLimitMoney < 0) throw new RangeError('credit limit must be a non-negative integer');
  return { balanceMoney: 0, creditLimitMoney };
}

/** What can still be spent: balance plus unused credit. */
export function availableMoney(account: CashAccount): number {
  return account.balanceMoney + account.creditLimitMoney;
}

function refuse(account: CashAccount, reason: LedgerRefusalReason, message: string): LedgerResult {
  return { ok: false, reason, message, availableMoney: availableMoney(account) };
}

function positiveAmount(amount: number): boolean {
  return Number.isSafeInteger(amount) && amount > 0;
}

function withBalance(account: CashAccount, balance: number): LedgerResult {
  if (!Number.isSafeInteger(balance)) return refuse(account, 'overflow', 'balance out of range');
  if (balance < -account.creditLimitMoney) {
    return refuse(account, 'insufficient_funds', `needs ${account.balanceMoney - balance} but only ${availableMoney(account)} is available`);
  }
  return { ok: true, account: { balanceMoney: balance, creditLimitMoney: account.creditLimitMoney } };
}

export function deposit(account: CashAccount, amountMoney: number): LedgerResult {
  if (!positiveAmount(amountMoney)) return refuse(account, 'invalid_amount', 'a deposit must be a positive integer amount');
  return withBalance(account, account.balanceMoney + amountMoney);
}

export function withdraw(account: CashAccount, amountMoney: number): LedgerResult {
  if (!positiveAmount(amountMoney)) return refuse(account, 'invalid_amount', 'a withdrawal must be a positive integer amount');
  return withBalance(account, account.balanceMoney - amountMoney);
}

/**
 * Books a signed trade cash flow (receipts > 0, payments < 0, fees as payments). A payment that
 * would take the balance below −creditLimit is refused; a receipt is always accepted.
 */
export function settle(account: CashAccount, cashMoney: number): LedgerResult {
  if (!Number.isSafeInteger(cashMoney)) return refuse(account, 'invalid_amount', 'cash must be an integer amount');
  const balance = account.balanceMoney + cashMoney;
  if (cashMoney >= 0) {
    return Number.isSafeInteger(balance)
      ? { ok: true, account: { balanceMoney: balance, creditLimitMoney: account.creditLimitMoney } }
      : refuse(account, 'overflow', 'balance out of range');
  }
  return withBalance(account, balance);
}

/** Refuses to cut the limit below the credit already drawn. */
export function setCreditLimit(account: CashAccount, creditLimitMoney: number): LedgerResult {
  if (!Number.isSafeInteger(creditLimitMoney) || creditLimitMoney < 0) {
    return refuse(account, 'invalid_amount', 'a credit limit must be a non-negative integer');
  }
  if (account.balanceMoney < -creditLimitMoney) {
    return refuse(account, 'credit_in_use', `${-account.balanceMoney} of credit is drawn; the limit cannot go below it`);
  }
  return { ok: true, account: { balanceMoney: account.balanceMoney, creditLimitMoney } };
}
