import { COMMANDS_BY_TYPE, type DeliveryCheck, type DeviceCommand, type DeviceView } from '../../../src-shared/contract/devices';

/**
 * Battery limits, checked before a command leaves the terminal and when the trading side asks whether
 * a sell can be delivered. Energy in Wh, power in W, SoC in %; refusals name power in kW, the unit
 * the operator typed it in.
 */

/** Watts as the command form shows them: kilowatts, up to three decimals (3500 → "3.5 kW"). */
export const kW = (watts: number): string => `${Number((watts / 1000).toFixed(3))} kW`;

export interface BatteryPolicy {
  /** A state of charge older than this is unknown: no energy is promised on stale data. */
  socMaxAgeMs: number;
}

/**
 * Why a command is refused: `why` is the short word the audit keeps (`unsupported`, `limits`), `code`
 * and `params` what the screens word (power in W, energy in Wh, each named by its unit), `message` the
 * same in English for logs and scripts.
 */
export interface CommandRefusal {
  why: 'unsupported' | 'limits';
  code: 'UNSUPPORTED' | 'POWER_LIMIT' | 'NO_IMPORT' | 'SOC_UNKNOWN' | 'ENERGY_LIMIT';
  params: Record<string, string | number>;
  message: string;
}

interface Usable {
  /** Energy above the minimum SoC (discharge) and room below the maximum SoC (charge). */
  dischargeWh: number;
  chargeWh: number;
}

function usable(device: DeviceView, now: number, policy: BatteryPolicy): Usable | string {
  if (device.capacityWh === null || device.capacityWh <= 0) return `${device.name}: capacity unknown`;
  const soc = device.latest?.socPct ?? null;
  if (soc === null || device.latest === null) return `${device.name}: state of charge unknown`;
  if (now - device.latest.ts > policy.socMaxAgeMs) return `${device.name}: state of charge is stale`;
  return {
    dischargeWh: Math.max(0, Math.floor(((soc - device.minSocPct) / 100) * device.capacityWh)),
    chargeWh: Math.max(0, Math.floor(((device.maxSocPct - soc) / 100) * device.capacityWh)),
  };
}

const maxDischarge = (d: DeviceView): number => d.maxDischargeW ?? d.ratedPowerW;
const maxCharge = (d: DeviceView): number => d.maxChargeW ?? d.ratedPowerW;

const limits = (code: CommandRefusal['code'], params: CommandRefusal['params'], message: string): CommandRefusal => ({ why: 'limits', code, params, message });

/** Null when the command may be sent, otherwise why it is refused. */
export function commandRefusal(device: DeviceView, command: DeviceCommand, now: number, policy: BatteryPolicy): CommandRefusal | null {
  const takes = COMMANDS_BY_TYPE[device.type];
  if (!takes.includes(command.type)) {
    return {
      why: 'unsupported',
      code: 'UNSUPPORTED',
      params: { context: command.type },
      message: `a ${device.type} does not take the ${command.type} command; ${device.name} takes ${takes.join(', ') || 'none'}`,
    };
  }
  if (command.type === 'charge' || command.type === 'discharge') {
    const limitW = command.type === 'charge' ? maxCharge(device) : maxDischarge(device);
    if (command.powerW > limitW) {
      return limits('POWER_LIMIT', { context: command.type, powerW: command.powerW, limitW }, `${kW(command.powerW)} exceeds the ${command.type} limit of ${kW(limitW)}`);
    }
    const room = usable(device, now, policy);
    if (typeof room === 'string') return limits('SOC_UNKNOWN', {}, room);
    const energyWh = Math.ceil((command.powerW * command.durationS) / 3600);
    const availableWh = command.type === 'charge' ? room.chargeWh : room.dischargeWh;
    if (energyWh > availableWh) {
      return limits(
        'ENERGY_LIMIT',
        { context: command.type, energyWh, availableWh },
        command.type === 'charge'
          ? `charging ${energyWh} Wh exceeds the ${availableWh} Wh left below the maximum state of charge`
          : `discharging ${energyWh} Wh exceeds the ${availableWh} Wh usable above the minimum state of charge`,
      );
    }
    return null;
  }
  if (command.type === 'setpoint') {
    // Positive = export/discharge, negative = import/charge (the grid's point of view).
    const limitW = device.type === 'battery' ? (command.powerW >= 0 ? maxDischarge(device) : maxCharge(device)) : device.ratedPowerW;
    if (Math.abs(command.powerW) > limitW) {
      return limits('POWER_LIMIT', { context: 'setpoint', powerW: command.powerW, limitW }, `setpoint ${kW(command.powerW)} is beyond the device limit of ${kW(limitW)}`);
    }
    if (device.type !== 'battery' && command.powerW < 0) return limits('NO_IMPORT', {}, `${device.name} cannot import on command`);
  }
  return null;
}

/**
 * Could these batteries deliver `energyWh` between `from` and `to`? Each battery contributes the
 * lesser of its usable energy now and what its discharge limit allows over the window. Batteries that
 * are disabled, offline or have no fresh SoC contribute nothing and are named in the reasons.
 */
export function deliveryCheck(
  batteries: readonly DeviceView[],
  energyWh: number,
  window: { from: number; to: number },
  now: number,
  policy: BatteryPolicy & { mode: 'warn' | 'refuse' },
): DeliveryCheck {
  const hours = (window.to - window.from) / 3_600_000;
  const reasons: string[] = [];
  let deliverable = 0;
  let counted = 0;
  for (const battery of batteries) {
    if (battery.type !== 'battery') continue;
    counted++;
    if (!battery.enabled) { reasons.push(`${battery.name}: disabled`); continue; }
    if (!battery.online) { reasons.push(`${battery.name}: offline`); continue; }
    const room = usable(battery, now, policy);
    if (typeof room === 'string') { reasons.push(room); continue; }
    deliverable += Math.min(room.dischargeWh, Math.floor(maxDischarge(battery) * hours));
  }
  if (counted === 0) reasons.push('no battery found');
  const short = energyWh > deliverable;
  if (short) reasons.push(`requested ${energyWh} Wh, deliverable ${deliverable} Wh`);
  return { verdict: short ? policy.mode : 'ok', requestedWh: energyWh, deliverableWh: deliverable, batteries: counted, reasons };
}
