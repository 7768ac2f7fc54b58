import { useState, type FormEvent, type InputHTMLAttributes, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DeviceTypeSchema, MappingSchema, TopicLevelSchema, type DeviceType, type DeviceView, type Mapping } from '../../../../../src-shared/contract/devices';
import { call } from '../../../transport/client';
import { errorText } from '../../../ui/errors/error-text';
import { kwText, parseDecimal, parseKw } from '../format';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';

interface Props {
  /** Absent: a new device. */
  device?: DeviceView;
  canSetLogin: boolean;
  onDone(device: DeviceView): void;
  onCancel(): void;
}

interface Draft {
  site: string;
  name: string;
  type: DeviceType;
  model: string;
  firmware: string;
  ratedKw: string;
  capacityKwh: string;
  maxChargeKw: string;
  maxDischargeKw: string;
  minSoc: string;
  maxSoc: string;
  heartbeatS: string;
  protocol: '4' | '5';
  mapping: string;
  login: string;
  password: string;
}

function draftOf(device?: DeviceView): Draft {
  return {
    site: device?.site ?? '',
    name: device?.name ?? '',
    type: device?.type ?? 'meter',
    model: device?.model ?? '',
    firmware: device?.firmware ?? '',
    ratedKw: kwText(device?.ratedPowerW),
    capacityKwh: kwText(device?.capacityWh),
    maxChargeKw: kwText(device?.maxChargeW),
    maxDischargeKw: kwText(device?.maxDischargeW),
    minSoc: String(device?.minSocPct ?? 10),
    maxSoc: String(device?.maxSocPct ?? 95),
    heartbeatS: String(device?.heartbeatS ?? 60),
    protocol: device?.protocol === 5 ? '5' : '4',
    mapping: device?.mapping ? JSON.stringify(device.mapping, null, 2) : '',
    login: '',
    password: '',
  };
}

type Errors = Partial<Record<keyof Draft, string>>;

/** Checks what can be checked before sending, in the operator's words; the core checks again. */
function validate(d: Draft, isNew: boolean, t: (key: string) => string) {
  const errors: Errors = {};
  if (isNew && !TopicLevelSchema.safeParse(d.site).success) errors.site = t('devices.form.errors.topicLevel');
  if (isNew && !TopicLevelSchema.safeParse(d.name).success) errors.name = t('devices.form.errors.topicLevel');
  const watts = (text: string, key: keyof Draft, optional: boolean): number | null => {
    if (text.trim() === '') {
      if (!optional) errors[key] = t('devices.form.errors.required');
      return null;
    }
    const w = parseKw(text);
    if (w === null || w < 0 || w > 2_000_000_000) errors[key] = t('devices.form.errors.power');
    return w;
  };
  const ratedPowerW = watts(d.ratedKw, 'ratedKw', false);
  const capacityWh = watts(d.capacityKwh, 'capacityKwh', true);
  const maxChargeW = watts(d.maxChargeKw, 'maxChargeKw', true);
  const maxDischargeW = watts(d.maxDischargeKw, 'maxDischargeKw', true);
  const minSocPct = parseDecimal(d.minSoc);
  const maxSocPct = parseDecimal(d.maxSoc);
  if (minSocPct === null || minSocPct < 0 || minSocPct > 100) errors.minSoc = t('devices.form.errors.percent');
  if (maxSocPct === null || maxSocPct < 0 || maxSocPct > 100) errors.maxSoc = t('devices.form.errors.percent');
  else if (minSocPct !== null && maxSocPct < minSocPct) errors.maxSoc = t('devices.form.errors.socOrder');
  const heartbeatS = Number(d.heartbeatS);
  if (!/^\d+$/.test(d.heartbeatS) || heartbeatS < 1 || heartbeatS > 86_400) errors.heartbeatS = t('devices.form.errors.heartbeat');
  let mapping: Mapping | null = null;
  if (d.mapping.trim() !== '') {
    try {
      const parsed = MappingSchema.safeParse(JSON.parse(d.mapping));
      if (parsed.success) mapping = parsed.data;
      else {
        // Zod's own message is English: the terminal says what is wrong, and where, in the user's language.
        const where = parsed.error.issues[0]?.path.map(String).join('.');
        errors.mapping = where ? `${t('devices.form.errors.mapping')} (${where})` : t('devices.form.errors.mapping');
      }
    } catch {
      errors.mapping = t('devices.form.errors.mapping');
    }
  }
  if (d.password !== '' && d.password.length < 8) errors.password = t('devices.form.errors.password');
  if (d.password !== '' && d.login.trim() === '') errors.login = t('devices.form.errors.required');
  if (d.password === '' && d.login.trim() !== '') errors.password = t('devices.form.errors.required');
  const fields = {
    type: d.type,
    model: d.model.trim(),
    firmware: d.firmware.trim(),
    ratedPowerW: ratedPowerW ?? 0,
    capacityWh,
    maxChargeW,
    maxDischargeW,
    minSocPct: minSocPct ?? 0,
    maxSocPct: maxSocPct ?? 100,
    heartbeatS,
    protocol: d.protocol === '5' ? (5 as const) : (4 as const),
    mapping,
  };
  return { errors, fields };
}

/** Add a device by hand or edit one; an admin can also give it a login on the embedded broker. */
export function DeviceForm({ device, canSetLogin, onDone, onCancel }: Props) {
  const { t } = useTranslation();
  const isNew = !device;
  const [draft, setDraft] = useState<Draft>(() => draftOf(device));
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { errors, fields } = validate(draft, isNew, t);
  const shown = touched ? errors : {};
  const isBattery = draft.type === 'battery';

  const set = (key: keyof Draft) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: e.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (Object.keys(errors).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      const saved = device
        ? await call('devices.edit', { deviceId: device.id, ...fields })
        : await call('devices.add', { site: draft.site.trim(), name: draft.name.trim(), ...fields });
      if (canSetLogin && draft.login.trim() !== '' && draft.password !== '') {
        await call('devices.credentials.set', { deviceId: saved.id, username: draft.login.trim(), password: draft.password });
      }
      onDone(saved);
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  const field = (key: keyof Draft, label: string, input: ReactNode) => (
    <label className="field">
      <span>{label}</span>
      {input}
      {shown[key] && (
        <small className="error" role="alert">
          {shown[key]}
        </small>
      )}
    </label>
  );
  const text = (key: keyof Draft, extra: InputHTMLAttributes<HTMLInputElement> = {}) => (
    <input value={draft[key]} onChange={set(key)} aria-invalid={shown[key] ? true : undefined} dir="ltr" {...extra} />
  );

  return (
    <form className="dev-form" aria-label={isNew ? t('devices.form.addTitle') : t('devices.form.editTitle', { name: device.name })} onSubmit={(e) => void submit(e)} onKeyDown={(e) => e.key === 'Escape' && onCancel()} noValidate>
      <h3>{isNew ? t('devices.form.addTitle') : t('devices.form.editTitle', { name: device.name })}</h3>
      <div className="dev-form-grid">
        {field('site', t('devices.col.site'), text('site', { disabled: !isNew, autoFocus: isNew }))}
        {field('name', t('devices.col.name'), text('name', { disabled: !isNew }))}
        {field(
          'type',
          t('devices.col.type'),
          <select value={draft.type} onChange={set('type')}>
            {DeviceTypeSchema.options.map((type) => (
              <option key={type} value={type}>
                {t(`devices.type.${type}`)}
              </option>
            ))}
          </select>,
        )}
        {field('model', t('devices.form.model'), text('model'))}
        {field('firmware', t('devices.col.firmware'), text('firmware'))}
        {field('ratedKw', t('devices.form.ratedKw'), text('ratedKw', { inputMode: 'decimal' }))}
        {field('capacityKwh', t('devices.form.capacityKwh'), text('capacityKwh', { inputMode: 'decimal' }))}
        {isBattery && field('maxChargeKw', t('devices.form.maxChargeKw'), text('maxChargeKw', { inputMode: 'decimal' }))}
        {isBattery && field('maxDischargeKw', t('devices.form.maxDischargeKw'), text('maxDischargeKw', { inputMode: 'decimal' }))}
        {isBattery && field('minSoc', t('devices.form.minSoc'), text('minSoc', { inputMode: 'decimal' }))}
        {isBattery && field('maxSoc', t('devices.form.maxSoc'), text('maxSoc', { inputMode: 'decimal' }))}
        {field('heartbeatS', t('devices.form.heartbeatS'), text('heartbeatS', { inputMode: 'numeric' }))}
        {field(
          'protocol',
          t('devices.form.protocol'),
          <select value={draft.protocol} onChange={set('protocol')}>
            <option value="4">MQTT 3.1.1</option>
            <option value="5">MQTT 5</option>
          </select>,
        )}
      </div>
      <details className="dev-form-advanced" open={!!device?.mapping}>
        <summary>{t('devices.form.mapping')}</summary>
        <p className="muted">{t('devices.form.mappingHelp')}</p>
        {field('mapping', t('devices.form.mappingJson'), <textarea rows={5} dir="ltr" value={draft.mapping} onChange={set('mapping')} spellCheck={false} placeholder={'{"entries":[{"topic":"tele/plug1/SENSOR","metric":"powerW","path":"ENERGY.Power","scale":1}]}'} />)}
      </details>
      {canSetLogin && (
        <fieldset className="dev-form-login">
          <legend>{t('devices.form.login')}</legend>
          <p className="muted">{t('devices.form.loginHelp')}</p>
          <div className="dev-form-grid">
            {field('login', t('devices.form.loginUser'), text('login', { autoComplete: 'off' }))}
            {field('password', t('devices.form.loginPassword'), text('password', { type: 'password', autoComplete: 'new-password' }))}
          </div>
        </fieldset>
      )}
      <ErrorBanner error={error} />
      <div className="dev-form-actions">
        <button type="button" className="ghost" onClick={onCancel}>
          {t('devices.cancel')}
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {isNew ? t('devices.form.add') : t('devices.form.save')}
        </button>
      </div>
    </form>
  );
}
