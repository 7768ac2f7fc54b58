/**
 * Exact money for power trades.
 *
 * price (0.01 €/MWh) × quantity (kW) × duration (minutes) is always an integer; we call its unit a
 * value unit: 0.01 €/MWh × 0.001 MW × 1/60 h = 1/6,000,000 €. Booked P&L, cash flows and fees are
 * accumulated in value units as bigint, so no sum ever rounds or overflows. They become money
 * units (0.00001 € = 60 value units, the unit of cash balances and fee inputs) only when reported,
 * rounding once, half to even, so that rounding errors do not drift one way over many reports.
 */

export const VALUE_UNITS_PER_MONEY = 60n;
export const MONEY_UNITS_PER_EUR = 100_000;
export const VALUE_UNITS_PER_EUR = 6_000_000;
export const PRICE_UNITS_PER_EUR_MWH = 100;

export function assertInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be a safe integer, got ${value}`);
}

/** Exact value of price × kW × minutes, in value units (1/6,000,000 €). */
export function tradeValue(priceUnits: number, quantityKw: number, durationMin: number): bigint {
  return BigInt(priceUnits) * BigInt(quantityKw) * BigInt(durationMin);
}

/** Value units → money units (0.00001 €), rounded half to even. Throws beyond ±9e15 money units (~90 bn €). */
export function moneyFromValue(value: bigint): number {
  let quotient = value / VALUE_UNITS_PER_MONEY;
  const remainder = value % VALUE_UNITS_PER_MONEY;
  const twice = (remainder < 0n ? -remainder : remainder) * 2n;
  if (twice > VALUE_UNITS_PER_MONEY || (twice === VALUE_UNITS_PER_MONEY && quotient % 2n !== 0n)) {
    quotient += value < 0n ? -1n : 1n;
  }
  const money = Number(quotient);
  if (!Number.isSafeInteger(money)) throw new RangeError(`money out of safe range: ${quotient}`);
  return money;
}

export function valueFromMoney(money: number): bigint {
  assertInteger('money', money);
  return BigInt(money) * VALUE_UNITS_PER_MONEY;
}

/** Energy as an exact integer: kW × minutes (60 kW·min = 1 kWh). */
export function energyKwMin(quantityKw: number, durationMin: number): number {
  return quantityKw * durationMin;
}

/** Energy in MWh for display and statistics; not for booking. */
export function energyMwh(quantityKw: number, durationMin: number): number {
  return (quantityKw * durationMin) / 60_000;
}

export function eurFromMoney(money: number): number {
  return money / MONEY_UNITS_PER_EUR;
}

export function eurPerMwhFromPriceUnits(priceUnits: number): number {
  return priceUnits / PRICE_UNITS_PER_EUR_MWH;
}
