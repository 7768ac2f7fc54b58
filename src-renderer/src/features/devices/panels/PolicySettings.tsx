import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceSettingsInput, DeviceSettingsView } from '../../../../../src-shared/contract/devices';
import { Field, SaveRow, useSection, type Saver } from './settings-kit';
import { parseDecimal } from '../format';

type Group = 'retention' | 'settlement' | 'commands' | 'battery' | 'health' | 'ingest';

interface NumberSpec {
  group: Group;
  key: string;
  min: number;
  max: number;
  integer: boolean;
}

/** The contract's bounds, repeated here only to say what is wrong before the core refuses it. */
const NUMBERS: readonly NumberSpec[] = [
  { group: 'retention', key: 'rawDays', min: 1, max: 3_650, integer: true },
  { group: 'retention', key: 'minuteDays', min: 1, max: 3_650, integer: true },
  { group: 'retention', key: 'quarterDays', min: 1, max: 36_500, integer: true },
  { group: 'settlement', key: 'thresholdWh', min: 0, max: 1_000_000_000, integer: true },
  { group: 'settlement', key: 'graceS', min: 0, max: 86_400, integer: true },
  { group: 'commands', key: 'timeoutMs', min: 50, max: 600_000, integer: true },
  { group: 'commands', key: 'retries', min: 0, max: 10, integer: true },
  { group: 'battery', key: 'socMaxAgeS', min: 1, max: 86_400, integer: true },
  { group: 'health', key: 'staleS', min: 1, max: 86_400, integer: true },
  { group: 'health', key: 'heartbeatMissFactor', min: 1, max: 100, integer: false },
  { group: 'health', key: 'maxTemperatureC', min: 0, max: 200, integer: false },
  { group: 'health', key: 'trendSigma', min: 1, max: 20, integer: false },
  { group: 'ingest', key: 'maxFutureSkewS', min: 0, max: 86_400, integer: true },
  { group: 'ingest', key: 'maxPayloadBytes', min: 256, max: 1_048_576, integer: true },
];

const id = (s: NumberSpec) => `${s.group}.${s.key}`;

function initial(view: DeviceSettingsView): Record<string, string> {
  const values: Record<string, string> = {};
  for (const spec of NUMBERS) {
    const group = view[spec.group] as unknown as Record<string, number>;
    values[id(spec)] = String(group[spec.key]);
  }
  return values;
}

/** Retention, settlement, command, battery, health and ingest policies of the devices domain. */
export function PolicySettings({ view, save }: { view: DeviceSettingsView; save: Saver }) {
  const { t } = useTranslation();
  const [values, setValues] = useState(() => initial(view));
  const [intervalMin, setIntervalMin] = useState(String(view.settlement.intervalMin));
  const [deliveryCheck, setDeliveryCheck] = useState(view.battery.deliveryCheck);
  const section = useSection(save);

  function input(): DeviceSettingsInput | string {
    const groups: Record<Group, Record<string, number>> = { retention: {}, settlement: {}, commands: {}, battery: {}, health: {}, ingest: {} };
    for (const spec of NUMBERS) {
      const n = parseDecimal(values[id(spec)] ?? '');
      if (n === null || n < spec.min || n > spec.max || (spec.integer && !Number.isInteger(n))) {
        return t('devices.policy.errors.range', { field: t(`devices.policy.${id(spec)}`), min: spec.min, max: spec.max });
      }
      groups[spec.group][spec.key] = n;
    }
    const interval = Number(intervalMin);
    if (interval !== 5 && interval !== 15 && interval !== 30 && interval !== 60) return t('devices.policy.errors.interval');
    // The record is built from the contract's own field names above; the core parses it again.
    return {
      retention: groups.retention,
      settlement: { ...groups.settlement, intervalMin: interval },
      commands: groups.commands,
      battery: { ...groups.battery, deliveryCheck },
      health: groups.health,
      ingest: groups.ingest,
    } as DeviceSettingsInput;
  }

  const groupsInOrder: Group[] = ['settlement', 'commands', 'battery', 'health', 'retention', 'ingest'];
  return (
    <form className="dev-card" aria-label={t('devices.policy.title')} onSubmit={(e) => void section.submit(e, input())} noValidate>
      <h3>{t('devices.policy.title')}</h3>
      {groupsInOrder.map((group) => (
        <fieldset key={group} className="dev-form-login">
          <legend>{t(`devices.policy.groups.${group}`)}</legend>
          <div className="dev-form-grid">
            {group === 'settlement' && (
              <Field label={t('devices.policy.settlement.intervalMin')}>
                <select value={intervalMin} onChange={(e) => setIntervalMin(e.target.value)}>
                  {[5, 15, 30, 60].map((m) => (
                    <option key={m} value={m}>
                      {m}
                    </option>
                  ))}
                </select>
              </Field>
            )}
            {group === 'battery' && (
              <Field label={t('devices.policy.battery.deliveryCheck')}>
                <select value={deliveryCheck} onChange={(e) => setDeliveryCheck(e.target.value === 'refuse' ? 'refuse' : 'warn')}>
                  <option value="warn">{t('devices.policy.battery.warn')}</option>
                  <option value="refuse">{t('devices.policy.battery.refuse')}</option>
                </select>
              </Field>
            )}
            {NUMBERS.filter((s) => s.group === group).map((spec) => (
              <Field key={id(spec)} label={t(`devices.policy.${id(spec)}`)}>
                <input
                  value={values[id(spec)] ?? ''}
                  inputMode={spec.integer ? 'numeric' : 'decimal'}
                  dir="ltr"
                  onChange={(e) => setValues((v) => ({ ...v, [id(spec)]: e.target.value }))}
                />
              </Field>
            ))}
          </div>
        </fieldset>
      ))}
      <SaveRow busy={section.busy} message={section.message} />
    </form>
  );
}
