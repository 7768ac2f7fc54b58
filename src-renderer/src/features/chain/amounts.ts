/**
 * Integer base units from the core (wei, token milli- or micro-units, as decimal strings) shown as
 * decimal amounts, without floating point: a balance of 10^22 wei must not lose its last digits.
 */
export function unitsToDecimal(units: string, decimals: number, shownDigits = decimals): string {
  const negative = units.startsWith('-');
  const digits = (negative ? units.slice(1) : units).replace(/^0+(?=\d)/, '');
  const padded = digits.padStart(decimals + 1, '0');
  const whole = padded.slice(0, padded.length - decimals);
  const fraction = padded.slice(padded.length - decimals, padded.length - decimals + shownDigits).replace(/0+$/, '');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** 0x1234…abcd: enough to tell addresses apart in a table; the full one is in the title. */
export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}
