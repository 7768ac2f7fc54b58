import type { CallInput, CallOutput, Method } from '../../src-shared/contract';
import type { NetworkInput } from '../../src-shared/contract/chain';
import { GUARD_KEYS, LIMIT_KEYS, type RiskDefaultsView } from '../../src-shared/contract/risk';
import type { RiskArea, SettingsArea, SettingsAreas, SettingsDiffRow, SettingsSecretValues, SettingsValue } from '../../src-shared/contract/settings';
import { type MarketRulesValues, rulesForNewDays } from '../../src-shared/contract/trading';

/** A call of another domain as the admin who asked: parsed, role-checked and audited there. */
export type AsAdmin = <M extends Method>(method: M, input: CallInput<M>) => Promise<CallOutput<M>>;

/** What a file sets, or what the terminal holds now; secrets only when the file carries them (or, for `before`, always). */
export interface SettingsState {
  areas: SettingsAreas;
  secrets: SettingsSecretValues | null;
}

const NETWORK_FIELDS = ['rpcUrl', 'chainId', 'confirmations', 'maxFeeGwei', 'maxPriorityFeeGwei', 'energyToken', 'paymentToken', 'settlement'] as const;
const AREAS: readonly SettingsArea[] = ['appearance', 'risk', 'chain', 'broker', 'feed', 'market'];


const sameRules = (a: MarketRulesValues, b: MarketRulesValues): boolean => (Object.keys(a) as Array<keyof MarketRulesValues>).every((k) => a[k] === b[k]);

/** Each area as its own domain answers it, secrets left out (those calls never answer them). */
export async function currentAreas(as: AsAdmin): Promise<SettingsAreas> {
  const defaults = await as('prefs.defaults.get', {});
  const fees = await as('risk.fees.get', {});
  const riskDefaults = await as('risk.defaults.get', {});
  const network = await as('chain.network.get', {});
  const { broker } = await as('devices.settings.get', {});
  const { passwordSet: _brokerPasswordSet, tls: { keySet: _keySet, ...tls }, ...brokerRest } = broker;
  const { passwordSet: _feedPasswordSet, ...feed } = await as('marketdata.feed.settings', {});
  const rules = new Map((await as('trading.rules.get', {})).map((view) => [view.area, rulesForNewDays(view)]));
  return {
    appearance: { language: defaults.language, theme: defaults.theme, timeZone: defaults.timeZone },
    risk: { feePerMwhMoney: fees.feePerMwhMoney, ...riskDefaultsArea(riskDefaults) },
    chain: network === null ? null : (Object.fromEntries(NETWORK_FIELDS.map((f) => [f, network[f]])) as NetworkInput),
    broker: { ...brokerRest, tls },
    feed,
    market: { DE: rules.get('DE') as MarketRulesValues, LM: rules.get('LM') as MarketRulesValues },
  };
}

/** The risk defaults with every key, null where the terminal sets none, so a file says each one. */
function riskDefaultsArea(view: RiskDefaultsView): Required<Pick<RiskArea, 'guard' | 'limits'>> {
  return {
    guard: Object.fromEntries(GUARD_KEYS.map((key) => [key, view.guard[key] ?? null])) as Required<RiskArea>['guard'],
    limits: Object.fromEntries(LIMIT_KEYS.map((key) => [key, view.limits[key] ?? null])) as Required<RiskArea>['limits'],
  };
}

/** The risk area a file sets: a part it does not carry (a file older than the risk defaults) stays as the terminal has it. */
function riskTarget(from: RiskArea, to: RiskArea): RiskArea {
  return { ...to, guard: to.guard ?? from.guard, limits: to.limits ?? from.limits };
}

/** An area's values by dotted field name (`tls.enabled`), so nested settings diff field by field. */
function flat(value: object | null | undefined, prefix = ''): Record<string, SettingsValue> {
  const out: Record<string, SettingsValue> = {};
  for (const [key, v] of Object.entries(value ?? {})) {
    if (v !== null && typeof v === 'object') Object.assign(out, flat(v as object, `${prefix}${key}.`));
    else out[`${prefix}${key}`] = v as SettingsValue;
  }
  return out;
}

/** Which secrets differ, by area and field; their values are never part of a diff. */
function secretChanges(from: SettingsSecretValues, to: SettingsSecretValues): Array<{ area: SettingsArea; field: string }> {
  const rows: Array<{ area: SettingsArea; field: string }> = [];
  if (from.broker.password !== to.broker.password) rows.push({ area: 'broker', field: 'password' });
  if (from.broker.tlsKey !== to.broker.tlsKey) rows.push({ area: 'broker', field: 'tls.key' });
  if (from.feed.password !== to.feed.password) rows.push({ area: 'feed', field: 'password' });
  return rows;
}

/** Every field the file changes; an area the file does not carry (a version 1 file's broker) changes nothing. */
export function diffOf(from: SettingsState, to: SettingsState): SettingsDiffRow[] {
  const rows: SettingsDiffRow[] = [];
  for (const area of AREAS) {
    if (to.areas[area] === undefined) continue;
    const a = flat(from.areas[area]);
    const b = flat(area === 'risk' ? riskTarget(from.areas.risk, to.areas.risk) : to.areas[area]);
    for (const field of [...new Set([...Object.keys(a), ...Object.keys(b)])]) {
      if ((a[field] ?? null) !== (b[field] ?? null)) rows.push({ area, field, from: a[field] ?? null, to: b[field] ?? null });
    }
  }
  if (from.secrets !== null && to.secrets !== null) {
    for (const { area, field } of secretChanges(from.secrets, to.secrets)) rows.push({ area, field, from: null, to: null, secret: true });
  }
  return rows;
}

/**
 * Writes each changed area through its domain, secrets with their area (the domain seals them);
 * the chain first, as the one that asks a node and may refuse. `applied` names each area once
 * written, so a failure can put back exactly those.
 */
export async function writeAreas(as: AsAdmin, state: SettingsState, changed: ReadonlySet<SettingsArea>, applied: SettingsArea[]): Promise<void> {
  const { areas, secrets } = state;
  if (changed.has('chain') && areas.chain !== null) {
    await as('chain.network.set', areas.chain);
    applied.push('chain');
  }
  if (changed.has('appearance')) {
    await as('prefs.defaults.set', areas.appearance);
    applied.push('appearance');
  }
  if (changed.has('risk')) {
    const { feePerMwhMoney, guard, limits } = areas.risk;
    // Each fee set starts a new fee step from now on: only a changed fee is set.
    if ((await as('risk.fees.get', {})).feePerMwhMoney !== feePerMwhMoney) await as('risk.fees.set', { feePerMwhMoney });
    applied.push('risk');
    if (guard !== undefined || limits !== undefined) await as('risk.defaults.set', { ...(guard && { guard }), ...(limits && { limits }) });
  }
  if (changed.has('broker')) {
    const withSecrets = secrets === null ? {} : { password: secrets.broker.password };
    const tls = { ...areas.broker?.tls, ...(secrets === null ? {} : { key: secrets.broker.tlsKey }) };
    await as('devices.settings.set', { broker: { ...areas.broker, ...withSecrets, tls } });
    applied.push('broker');
  }
  if (changed.has('feed')) {
    // The file's enabled flag, or the terminal's own for a file that carries the feed's password but not its area.
    const enabled = areas.feed?.enabled ?? (await as('marketdata.feed.settings', {})).enabled;
    await as('marketdata.feed.configure', { ...areas.feed, enabled, ...(secrets === null ? {} : { password: secrets.feed.password }) });
    applied.push('feed');
  }
  // Last: a scheduled change it withdraws could not be put back if a later area failed.
  if (changed.has('market') && areas.market !== undefined) {
    for (const view of await as('trading.rules.get', {})) {
      const wanted = areas.market[view.area];
      for (const row of view.scheduled) await as('trading.rules.cancel', { area: view.area, effectiveFrom: row.effectiveFrom });
      if (!sameRules(wanted, view.current)) await as('trading.rules.set', { area: view.area, effectiveFrom: view.firstOpenDay, ...wanted });
    }
    applied.push('market');
  }
}
