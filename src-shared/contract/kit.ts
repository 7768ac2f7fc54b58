import type { z } from 'zod';
import type { Role } from '../domain/schemas';

/**
 * The building blocks of the contract. Every domain declares its calls with `defineCalls` and its
 * events with `defineEvents`, both under its own name as prefix; `combine` joins the domains and
 * throws on a name declared twice, so the call list, the event list and their types all come from
 * one runtime object each and nothing is listed by hand.
 */

/** 'public' needs no session; 'session' any signed-in user; a role list names who may call. */
export type Access = 'public' | 'session' | readonly Role[];

export interface CallDef<I extends z.ZodType, O, A extends Access = Access> {
  input: I;
  access: A;
  /** State-changing calls are audited by the router. */
  mutates: boolean;
  /** Phantom: the output type travels only in the type system. */
  readonly output?: O;
}

/** Declares one call: `call<Output>()({ input, access, mutates })`. */
export function call<O>() {
  return <I extends z.ZodType, const A extends Access>(def: { input: I; access: A; mutates: boolean }): CallDef<I, O, A> => def;
}

export interface EventDef<P> {
  /** Phantom: the payload type travels only in the type system. */
  readonly payload?: P;
}

/** Declares one event stream: `event<Payload>()`. */
export function event<P>(): EventDef<P> {
  return {};
}

/** The domains of the contract; a call's and an event's name start with one of them and a dot. */
export const DOMAINS = ['auth', 'prefs', 'alerts', 'audit', 'health', 'trading', 'marketdata', 'risk', 'forecast', 'reports', 'devices', 'delivery', 'chain', 'sync', 'settings', 'updates'] as const;
export type DomainName = (typeof DOMAINS)[number];

type Prefixed<D extends string, T> = { [K in keyof T]: K extends `${D}.${string}` ? T[K] : never };

function checkPrefix(domain: string, names: string[], what: string): void {
  for (const name of names) {
    if (!name.startsWith(`${domain}.`)) throw new Error(`The ${what} "${name}" is not in the ${domain} domain: its name must start with "${domain}.".`);
  }
}

/** A domain's calls; every name must start with the domain's name (checked by the compiler and at load). */
export function defineCalls<D extends DomainName, C extends Record<string, CallDef<z.ZodType, unknown, Access>>>(domain: D, calls: C & Prefixed<D, C>): C {
  checkPrefix(domain, Object.keys(calls), 'call');
  return calls;
}

/** A domain's events; every name must start with the domain's name. */
export function defineEvents<D extends DomainName, E extends Record<string, EventDef<unknown>>>(domain: D, events: E & Prefixed<D, E>): E {
  checkPrefix(domain, Object.keys(events), 'event');
  return events;
}

type Merge<T extends readonly object[]> = T extends readonly [infer H, ...infer R extends readonly object[]] ? H & Merge<R> : unknown;

/** Joins the domains' maps into one; a name that two of them declare is a programming error and throws. */
export function combine<T extends readonly object[]>(what: string, ...parts: T): Merge<T> {
  const merged: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [name, value] of Object.entries(part)) {
      if (Object.prototype.hasOwnProperty.call(merged, name)) throw new Error(`The ${what} "${name}" is declared twice.`);
      merged[name] = value;
    }
  }
  return merged as Merge<T>;
}

export const TRADING_ROLES: readonly Role[] = ['trader', 'risk_manager', 'admin'];
export const OPERATING_ROLES: readonly Role[] = ['operator', 'admin'];
export const RISK_ROLES: readonly Role[] = ['risk_manager', 'admin'];
export const ADMIN_ROLES: readonly Role[] = ['admin'];
