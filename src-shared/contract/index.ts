import type { z } from 'zod';
import { alertsCalls, alertsEvents } from './alerts';
import { auditCalls, auditEvents } from './audit';
import { authCalls, authEvents } from './auth';
import { chainCalls, chainEvents } from './chain';
import { deliveryCalls, deliveryEvents } from './delivery';
import { devicesCalls, devicesEvents } from './devices';
import { forecastCalls, forecastEvents } from './forecast';
import { healthCalls, healthEvents } from './health';
import { combine, type Access, type CallDef, type DomainName, type EventDef } from './kit';
import { marketdataCalls, marketdataEvents } from './marketdata';
import { prefsCalls, prefsEvents } from './prefs';
import { reportsCalls, reportsEvents } from './reports';
import { riskCalls, riskEvents } from './risk';
import { syncCalls, syncEvents } from './sync';
import { settingsCalls, settingsEvents } from './settings';
import { tradingCalls, tradingEvents } from './trading';
import { updatesCalls, updatesEvents } from './updates';

/**
 * The one contract between the renderer and the core. Each domain declares its calls and events in
 * its own module (`contract/<domain>.ts`, names prefixed with the domain); this file only joins them.
 * The renderer's client, the preload bridge and the core's router are all derived from `calls` and
 * `events`, so a call that does not match the contract does not compile anywhere, and an event the
 * preload would not pass cannot exist.
 */

export const calls = combine(
  'call',
  authCalls,
  prefsCalls,
  alertsCalls,
  auditCalls,
  healthCalls,
  tradingCalls,
  marketdataCalls,
  riskCalls,
  forecastCalls,
  reportsCalls,
  devicesCalls,
  deliveryCalls,
  chainCalls,
  syncCalls,
  settingsCalls,
  updatesCalls,
);

export const events = combine(
  'event',
  authEvents,
  prefsEvents,
  alertsEvents,
  auditEvents,
  healthEvents,
  tradingEvents,
  marketdataEvents,
  riskEvents,
  forecastEvents,
  reportsEvents,
  devicesEvents,
  deliveryEvents,
  chainEvents,
  syncEvents,
  settingsEvents,
  updatesEvents,
);

export type Calls = typeof calls;
export type Method = keyof Calls & string;
export type CallInput<M extends Method> = z.input<Calls[M]['input']>;
export type ParsedInput<M extends Method> = z.output<Calls[M]['input']>;
export type CallOutput<M extends Method> = Calls[M] extends CallDef<z.ZodType, infer O, Access> ? O : never;
/** Who may make a call: 'public', 'session' or its list of roles. */
export type AccessOf<M extends Method> = Calls[M]['access'];

/** The methods of one domain: derived from the names, never listed by hand. */
export type DomainMethod<D extends DomainName> = Extract<Method, `${D}.${string}`>;

/** Streams the core pushes; the payload types are the contract. */
export type Events = { [E in keyof typeof events]: (typeof events)[E] extends EventDef<infer P> ? P : never };
export type EventName = keyof Events & string;
export type DomainEvent<D extends DomainName> = Extract<EventName, `${D}.${string}`>;
export const EVENT_NAMES: readonly EventName[] = Object.keys(events) as EventName[];

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

export { DOMAINS, type DomainName } from './kit';
export type { PrefKey } from './prefs';
export { PrefKeySchema } from './prefs';
