import { z } from 'zod';
import type { Role } from '../domain/schemas';

/**
 * Views of what stops and guards trading: who is stopped and why, and each user's fat-finger
 * thresholds. Units as in risk-views: prices in 0.01 €/MWh, quantities in kW.
 */

/** Why a user or the desk was stopped: free text kept in the audit entry and shown to risk managers. */
export const StopReasonSchema = z
  .string()
  .trim()
  .min(3, 'a reason of at least 3 characters')
  .max(300)
  .regex(/^[^\p{Cc}]*$/u, 'no control characters');

/** A user whose trading is stopped now. `by`, `at` and `reason` are null when the stop predates their recording. */
export interface StoppedUserView {
  userId: number;
  username: string;
  by: string | null;
  at: number | null;
  reason: string | null;
  /** Stopped by the desk kill switch rather than on their own. */
  desk: boolean;
}

/** An account as a risk manager picks it: for a book, a limit, a guard or a release. */
export interface RiskPersonView {
  userId: number;
  username: string;
  role: Role;
  portfolio: string | null;
  /** The terminal's own participant (the simulator's market maker): shown, not edited. */
  system: boolean;
}

export const GUARD_KEYS = ['confirmPricePct', 'confirmPriceUnits', 'confirmSizeKw', 'maxOrderKw'] as const;
export type GuardKey = (typeof GUARD_KEYS)[number];
export type GuardSettings = Record<GuardKey, number>;

/**
 * On by default: a price more than 20 % or 50 €/MWh from the reference asks for confirmation, so
 * does an order above 50 MW; above 200 MW the core refuses the order outright.
 */
export const DEFAULT_GUARD: GuardSettings = { confirmPricePct: 20, confirmPriceUnits: 5_000, confirmSizeKw: 50_000, maxOrderKw: 200_000 };

const guardValue = z.number().int().positive().max(1_000_000_000).nullable().optional();
/** A number sets a threshold, null returns it to the default, left out keeps it. */
export const GuardSettingsSchema = z
  .object({ confirmPricePct: guardValue, confirmPriceUnits: guardValue, confirmSizeKw: guardValue, maxOrderKw: guardValue })
  .strict();
export type GuardSettingsInput = z.infer<typeof GuardSettingsSchema>;

export interface GuardView {
  userId: number;
  username: string;
  settings: GuardSettings;
  /** Thresholds set for this user; the others are the terminal's defaults (else the built-in ones). */
  custom: GuardKey[];
  updatedBy: string | null;
  updatedAt: number | null;
}

/** Something the trader must confirm before the order goes: what, and by how much. */
export type GuardConfirmation =
  | { code: 'PRICE_DEVIATION'; priceUnits: number; referenceUnits: number; reference: 'last' | 'mid'; deviationUnits: number; deviationPct: number | null }
  | { code: 'LARGE_SIZE'; quantityKw: number; thresholdKw: number };

export interface GuardCheckView {
  confirm: GuardConfirmation[];
  /** The order is above the user's hard maximum: the core will refuse it (reason GUARD_MAX_ORDER_QUANTITY). */
  refuse: { code: 'GUARD_MAX_ORDER_QUANTITY'; quantityKw: number; maxKw: number } | null;
}
