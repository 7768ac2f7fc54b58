/**
 * Historical-simulation VaR: today's exposures revalued under each past day's price changes.
 * Scenario P&L_t = Σ_k exposure_k × change_t,k (money units; see var-inputs for the units).
 */
import { DEFAULT_CONFIDENCES, varResult, type VarResult } from './var-measures';

export function scenarioPnl(exposures: readonly number[], changes: readonly (readonly number[])[]): Float64Array {
  const pnl = new Float64Array(changes.length);
  changes.forEach((row, t) => {
    if (row.length !== exposures.length) throw new RangeError(`scenario ${t} has ${row.length} periods, exposures have ${exposures.length}`);
    let sum = 0;
    for (let k = 0; k < row.length; k += 1) sum += (exposures[k] as number) * (row[k] as number);
    pnl[t] = sum;
  });
  return pnl;
}

export interface HistoricalVarInput {
  exposures: readonly number[];
  changes: readonly (readonly number[])[];
  confidences?: readonly number[];
  bins?: number;
}

export function historicalVar(input: HistoricalVarInput): VarResult {
  if (input.changes.length === 0) throw new RangeError('historical VaR needs at least one scenario');
  return varResult('historical', scenarioPnl(input.exposures, input.changes), input.confidences ?? DEFAULT_CONFIDENCES, input.bins ?? 50);
}
