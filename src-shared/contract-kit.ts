import type { z } from 'zod';
import type { Role } from './schemas';

/** 'public' needs no session; 'session' any signed-in user; a role list names who may call. */
export type Access = 'public' | 'session' | readonly Role[];

export interface CallDef<I extends z.ZodType, O> {
  input: I;
  access: Access;
  /** State-changing calls are audited by the router. */
  mutates: boolean;
  /** Phantom: the output type travels only in the type system. */
  readonly output?: O;
}

/** Declares one call: `call<Output>()({ input, access, mutates })`. */
export function call<O>() {
  return <I extends z.ZodType>(def: { input: I; access: Access; mutates: boolean }): CallDef<I, O> => def;
}

export const TRADING_ROLES: readonly Role[] = ['trader', 'risk_manager', 'admin'];
export const OPERATING_ROLES: readonly Role[] = ['operator', 'admin'];
export const ADMIN_ROLES: readonly Role[] = ['admin'];
