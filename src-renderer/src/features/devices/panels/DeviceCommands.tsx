import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { COMMANDS_BY_TYPE, type CommandView, type DeviceCommand, type DeviceView } from '../../../../../src-shared/contract/devices';
import { call } from '../../../transport/client';
import { useDevices } from '../devices';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import { errorText } from '../../../ui/errors/error-text';
import { failureText } from '../command-failure';
import { DevicePicker } from './DevicePicker';
import { formatStamp, formatW, ltr, parseDecimal, parseKw } from '../format';
import { useDeviceRoles } from '../roles';
import './devices.css';

type Kind = DeviceCommand['type'];
const BATTERY_ONLY: ReadonlySet<Kind> = new Set(['charge', 'discharge']);
const SHOWN = 200;

/** Builds the command from the form, or says which field is wrong. */
function buildCommand(kind: Kind, powerText: string, minutesText: string, counter: 'import' | 'export' | 'both'): DeviceCommand | 'power' | 'minutes' {
  if (kind === 'start' || kind === 'stop') return { type: kind };
  if (kind === 'reset_counter') return { type: kind, counter };
  const powerW = parseKw(powerText);
  if (kind === 'setpoint') return powerW === null || Math.abs(powerW) > 2_000_000_000 ? 'power' : { type: kind, powerW };
  if (powerW === null || powerW < 1 || powerW > 2_000_000_000) return 'power';
  const minutes = parseDecimal(minutesText);
  const durationS = minutes === null ? 0 : Math.round(minutes * 60);
  if (durationS < 1 || durationS > 86_400) return 'minutes';
  return { type: kind, powerW, durationS };
}

export function describeCommand(command: DeviceCommand, t: (key: string, options?: Record<string, unknown>) => string): string {
  switch (command.type) {
    case 'setpoint':
      return t('devices.cmd.describe.setpoint', { power: ltr(formatW(command.powerW)) });
    case 'charge':
    case 'discharge':
      return t(`devices.cmd.describe.${command.type}`, { power: ltr(formatW(command.powerW)), minutes: ltr(Math.round((command.durationS / 60) * 10) / 10) });
    case 'reset_counter':
      return t('devices.cmd.describe.reset_counter', { counter: t(`devices.cmd.counter.${command.counter}`) });
    default:
      return t(`devices.cmd.kind.${command.type}`);
  }
}

function Limits({ device }: { device: DeviceView }) {
  const { t } = useTranslation();
  if (device.type !== 'battery') return null;
  return (
    <p className="muted dev-limits">
      {t('devices.cmd.limits', {
        soc: ltr(device.latest?.socPct == null ? '—' : `${device.latest.socPct.toFixed(1)} %`),
        min: ltr(device.minSocPct),
        max: ltr(device.maxSocPct),
        charge: ltr(formatW(device.maxChargeW ?? device.ratedPowerW)),
        discharge: ltr(formatW(device.maxDischargeW ?? device.ratedPowerW)),
      })}
    </p>
  );
}

function CommandRow({ command, language }: { command: CommandView; language: string }) {
  const { t } = useTranslation();
  return (
    <li className={`dev-cmd status-${command.status}`} data-command-id={command.id}>
      <span className="dev-cmd-time">{formatStamp(command.createdAt, language)}</span>
      <span className="dev-cmd-what">{describeCommand(command.command, t)}</span>
      <span className={`dev-chip chip-${command.status}`}>{t(`devices.cmd.status.${command.status}`)}</span>
      <span className="dev-cmd-meta muted">
        {command.roundTripMs !== null && <span dir="ltr">{command.roundTripMs} ms</span>}
        {command.attempts > 1 && <span>{t('devices.cmd.attempts', { n: command.attempts })}</span>}
        <span dir="ltr">{command.sentBy}</span>
      </span>
      {command.failure && <span className="dev-cmd-error error">{failureText(command.failure, command.attempts, t)}</span>}
    </li>
  );
}

/** Send a command to the selected device and watch it go from pending to acknowledged (or not). */
export function DeviceCommands() {
  const { t, i18n } = useTranslation();
  const device = useDevices((s) => s.devices.find((d) => d.id === s.selectedId));
  const allCommands = useDevices((s) => s.commands);
  const load = useDevices((s) => s.load);
  const { canOperate } = useDeviceRoles();
  const [kind, setKind] = useState<Kind>('setpoint');
  const [powerText, setPowerText] = useState('');
  const [minutesText, setMinutesText] = useState('15');
  const [counter, setCounter] = useState<'import' | 'export' | 'both'>('both');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  // A sent command is kept as data, not as a sentence, so it reads right after a language switch.
  const [message, setMessage] = useState<{ kind: 'ok'; command: DeviceCommand } | { kind: 'error'; text: string } | null>(null);

  useEffect(() => {
    void load();
  }, [load]);

  const commands = useMemo(
    () => (device ? allCommands.filter((c) => c.deviceId === device.id).sort((a, b) => b.createdAt - a.createdAt).slice(0, SHOWN) : []),
    [allCommands, device],
  );
  // Only what this type of device takes: a meter has a counter to reset, nothing to switch or set.
  const kinds = device ? COMMANDS_BY_TYPE[device.type] : [];
  const effectiveKind = kinds.includes(kind) ? kind : (kinds[0] ?? 'reset_counter');
  const built = buildCommand(effectiveKind, powerText, minutesText, counter);
  const fieldError = touched && typeof built === 'string' ? built : null;
  const needsPower = effectiveKind === 'setpoint' || BATTERY_ONLY.has(effectiveKind);

  async function send(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (!device || typeof built === 'string') return;
    setBusy(true);
    setMessage(null);
    try {
      const sent = await call('devices.command', { deviceId: device.id, command: built });
      setMessage({ kind: 'ok', command: sent.command });
      setTouched(false);
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err, t) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="dev-panel dev-commands" aria-label={t('panels.deviceCommands')}>
      <div className="dev-toolbar">
        <DevicePicker />
        {device && (
          <span className={`dev-dot ${!device.enabled ? 'disabled' : device.online ? 'online' : 'offline'}`} title={t(`devices.state.${!device.enabled ? 'disabled' : device.online ? 'online' : 'offline'}`)} />
        )}
      </div>
      {!device && <p className="muted empty">{t('devices.pickDevice')}</p>}
      {device && canOperate && kinds.length === 0 && <p className="muted empty">{t('devices.cmd.noCommands', { type: t(`devices.type.${device.type}`) })}</p>}
      {device && canOperate && kinds.length > 0 && (
        <form className="dev-cmd-form" aria-label={t('devices.cmd.form')} onSubmit={(e) => void send(e)} noValidate>
          <label className="field">
            <span>{t('devices.cmd.command')}</span>
            <select value={effectiveKind} onChange={(e) => setKind(e.target.value as Kind)}>
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {t(`devices.cmd.kind.${k}`)}
                </option>
              ))}
            </select>
          </label>
          {needsPower && (
            <label className="field">
              <span>{effectiveKind === 'setpoint' ? t('devices.cmd.setpointKw') : t('devices.cmd.powerKw')}</span>
              <input
                value={powerText}
                onChange={(e) => setPowerText(e.target.value)}
                inputMode="decimal"
                dir="ltr"
                aria-invalid={fieldError === 'power' ? true : undefined}
                placeholder={effectiveKind === 'setpoint' ? '-2.5' : '2.5'}
              />
            </label>
          )}
          {BATTERY_ONLY.has(effectiveKind) && (
            <label className="field">
              <span>{t('devices.cmd.minutes')}</span>
              <input value={minutesText} onChange={(e) => setMinutesText(e.target.value)} inputMode="decimal" dir="ltr" aria-invalid={fieldError === 'minutes' ? true : undefined} />
            </label>
          )}
          {effectiveKind === 'reset_counter' && (
            <label className="field">
              <span>{t('devices.cmd.counterLabel')}</span>
              <select value={counter} onChange={(e) => setCounter(e.target.value as typeof counter)}>
                {(['both', 'import', 'export'] as const).map((c) => (
                  <option key={c} value={c}>
                    {t(`devices.cmd.counter.${c}`)}
                  </option>
                ))}
              </select>
            </label>
          )}
          <button type="submit" className="primary" disabled={busy}>
            {t('devices.cmd.send')}
          </button>
          <ErrorBanner error={fieldError && t(`devices.cmd.errors.${fieldError}`)} className="dev-form-wide" />
          {effectiveKind === 'setpoint' && <p className="muted dev-form-wide">{t('devices.cmd.signHelp')}</p>}
          <div className="dev-form-wide">
            <Limits device={device} />
          </div>
        </form>
      )}
      {message && (
        <div className={`dev-message ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="command-message">
          <span>{message.kind === 'ok' ? t('devices.cmd.sent', { what: describeCommand(message.command, t) }) : message.text}</span>
          <button type="button" className="link" onClick={() => setMessage(null)} aria-label={t('common.dismiss')}>
            ✕
          </button>
        </div>
      )}
      {device && (
        <>
          <h4 className="dev-subhead">{t('devices.cmd.history')}</h4>
          {commands.length === 0 && <p className="muted empty">{t('devices.cmd.none')}</p>}
          <ol className="dev-cmd-list" aria-label={t('devices.cmd.history')}>
            {commands.map((c) => (
              <CommandRow key={c.id} command={c} language={i18n.language} />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
