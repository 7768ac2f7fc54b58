import { COMMANDS_BY_TYPE, type DeliveryCheck, type DeviceCommand, type DeviceView } from '../../../src-shared/contract/devices';

/**
 * Battery limits, checked before a command leaves the terminal and when the trading side asks whether
 * a sell can be delivered. Energy in Wh, power in W, SoC in %; refusals name power in kW, the unit
 * the operator typed it in.
 */

/** Watts as the command form shows them: kilowatts, up to three decimals (3500 → "3.5 kW"). */
export const kW = (watts: number): string => `${Number((watts / 1000).toFixed(3))} kW`;

/** Why a command is refused: `unsupported` (the device type does not take it) or `limits`. */
export interface CommandRefusal {
  reason: 'unsupported' | 'limits';
  message: string;
}

export interface BatteryPolicy {
  /** A state of charge older than this is unknown: no energy is promised on stale data. */
  socMaxAgeMs: number;
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

/** Null when the command may be sent, otherwise why it is refused. */
export function commandRefusal(device: DeviceView, command: DeviceCommand, now: number, policy: BatteryPolicy): CommandRefusal | null {
  if (!COMMANDS_BY_TYPE[device.type].includes(command.type)) {
    return { reason: 'unsupported', message: `a ${device.type} does not take the ${command.type} command; ${device.name} takes ${COMMANDS_BY_TYPE[device.type].join(', ') || 'none'}` };
  }
  const limits = limitRefusal(device, command, now, policy);
  return limits === null ? null : { reason: 'limits', message: limits };
}

function limitRefusal(device: DeviceView, command: DeviceCommand, now: number, policy: BatteryPolicy): string | null {
  if (command.type === 'charge' || command.type === 'discharge') {
    const limit = command.type === 'charge' ? maxCharge(device) : maxDischarge(device);
    if (command.powerW > limit) return `${kW(command.powerW)} exceeds the ${command.type} limit of ${kW(limit)}`;
    const room = usable(device, now, policy);
    if (typeof room === 'string') return room;
    const energyWh = Math.ceil((command.powerW * command.durationS) / 3600);
    const available = command.type === 'charge' ? room.chargeWh : room.dischargeWh;
    if (energyWh > available) {
      return command.type === 'charge'
        ? `charging ${energyWh} Wh exceeds the ${available} Wh left below the maximum state of charge`
        : `discharging ${energyWh} Wh exceeds the ${available} Wh usable above the minimum state of charge`;
    }
    return null;
  }
  if (command.type === 'setpoint') {
    // Positive = export/discharge, negative = import/charge (the grid's point of view).
    const limit = device.type === 'battery' ? (command.powerW >= 0 ? maxDischarge(device) : maxCharge(device)) : device.ratedPowerW;
    if (Math.abs(command.powerW) > limit) return `setpoint ${kW(command.powerW)} is beyond the device limit of ${kW(limit)}`;
    if (device.type !== 'battery' && command.powerW < 0) return `${device.name} cannot import on command`;
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
