import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceSettingsInput, DeviceSettingsView } from '../../../../../src-shared/contract/devices';
import { call } from '../../../transport/client';
import { useDevices } from '../devices';
import { errorText } from '../../../ui/errors/error-text';
import { PolicySettings } from './PolicySettings';
import { ProbeButton } from './ProbeButton';
import { Check, Field, SaveRow, useSection, type Saver } from './settings-kit';
import { useDeviceRoles } from '../roles';
import './devices.css';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';

function intIn(text: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(text.trim())) return null;
  const n = Number(text);
  return n >= min && n <= max ? n : null;
}

function ExternalBroker({ view, save }: { view: DeviceSettingsView['broker']; save: Saver }) {
  const { t } = useTranslation();
  const [enabled, setEnabled] = useState(view.enabled);
  const [host, setHost] = useState(view.host);
  const [port, setPort] = useState(String(view.port));
  const [protocol, setProtocol] = useState(String(view.protocolVersion));
  const [clientId, setClientId] = useState(view.clientId);
  const [username, setUsername] = useState(view.username ?? '');
  const [password, setPassword] = useState('');
  const [clearPassword, setClearPassword] = useState(false);
  const [keepalive, setKeepalive] = useState(String(view.keepaliveS));
  const [tls, setTls] = useState(view.tls.enabled);
  const [verify, setVerify] = useState(view.tls.rejectUnauthorized);
  const [ca, setCa] = useState(view.tls.ca ?? '');
  const [cert, setCert] = useState(view.tls.cert ?? '');
  const [key, setKey] = useState('');
  const section = useSection(save);

  function input(): DeviceSettingsInput | string {
    const portN = intIn(port, 1, 65_535);
    const keepaliveN = intIn(keepalive, 5, 3_600);
    if (host.trim() === '') return t('devices.broker.errors.host');
    if (portN === null) return t('devices.broker.errors.port');
    if (keepaliveN === null) return t('devices.broker.errors.keepalive');
    if (clientId.trim() === '') return t('devices.broker.errors.clientId');
    return {
      broker: {
        enabled,
        host: host.trim(),
        port: portN,
        protocolVersion: protocol === '5' ? 5 : 4,
        clientId: clientId.trim(),
        username: username.trim() === '' ? null : username.trim(),
        ...(clearPassword ? { password: null } : password !== '' ? { password } : {}),
        keepaliveS: keepaliveN,
        tls: {
          enabled: tls,
          rejectUnauthorized: verify,
          ca: ca.trim() === '' ? null : ca,
          cert: cert.trim() === '' ? null : cert,
          ...(key !== '' ? { key } : {}),
        },
      },
    };
  }

  return (
    <form className="dev-card" aria-label={t('devices.broker.external')} onSubmit={(e) => void section.submit(e, input())} noValidate>
      <h3>{t('devices.broker.external')}</h3>
      <p className="muted">{t('devices.broker.externalHelp')}</p>
      <Check label={t('devices.broker.useExternal')} checked={enabled} onChange={setEnabled} />
      <div className="dev-form-grid">
        <Field label={t('devices.broker.host')}>
          <input value={host} onChange={(e) => setHost(e.target.value)} dir="ltr" />
        </Field>
        <Field label={t('devices.broker.port')}>
          <input value={port} onChange={(e) => setPort(e.target.value)} inputMode="numeric" dir="ltr" />
        </Field>
        <Field label={t('devices.form.protocol')}>
          <select value={protocol} onChange={(e) => setProtocol(e.target.value)}>
            <option value="4">MQTT 3.1.1</option>
            <option value="5">MQTT 5</option>
          </select>
        </Field>
        <Field label={t('devices.broker.clientId')}>
          <input value={clientId} onChange={(e) => setClientId(e.target.value)} dir="ltr" />
        </Field>
        <Field label={t('devices.broker.username')}>
          <input value={username} onChange={(e) => setUsername(e.target.value)} dir="ltr" autoComplete="off" />
        </Field>
        <Field label={t('devices.broker.password')}>
          <input
            type="password"
            value={password}
            disabled={clearPassword}
            onChange={(e) => setPassword(e.target.value)}
            placeholder={view.passwordSet ? t('devices.broker.keepSecret') : ''}
            autoComplete="new-password"
          />
        </Field>
        <Field label={t('devices.broker.keepalive')}>
          <input value={keepalive} onChange={(e) => setKeepalive(e.target.value)} inputMode="numeric" dir="ltr" />
        </Field>
      </div>
      {view.passwordSet && <Check label={t('devices.broker.clearPassword')} checked={clearPassword} onChange={setClearPassword} />}
      <fieldset className="dev-form-login">
        <legend>TLS</legend>
        <Check label={t('devices.broker.tls')} checked={tls} onChange={setTls} />
        <Check label={t('devices.broker.verify')} checked={verify} onChange={setVerify} />
        <div className="dev-form-grid">
          <Field label={t('devices.broker.ca')} wide>
            <textarea rows={3} dir="ltr" value={ca} onChange={(e) => setCa(e.target.value)} spellCheck={false} placeholder="-----BEGIN CERTIFICATE-----" />
          </Field>
          <Field label={t('devices.broker.cert')} wide>
            <textarea rows={3} dir="ltr" value={cert} onChange={(e) => setCert(e.target.value)} spellCheck={false} placeholder="-----BEGIN CERTIFICATE-----" />
          </Field>
          <Field label={t('devices.broker.key')} wide>
            <textarea
              rows={3}
              dir="ltr"
              value={key}
              onChange={(e) => setKey(e.target.value)}
              spellCheck={false}
              placeholder={view.tls.keySet ? t('devices.broker.keepSecret') : '-----BEGIN PRIVATE KEY-----'}
            />
          </Field>
        </div>
      </fieldset>
      <ProbeButton host={host.trim()} port={intIn(port, 1, 65_535)} />
      <SaveRow busy={section.busy} message={section.message} />
    </form>
  );
}

function EmbeddedBrokerForm({ view, save }: { view: DeviceSettingsView['embedded']; save: Saver }) {
  const { t } = useTranslation();
  const [enabled, setEnabled] = useState(view.enabled);
  const [host, setHost] = useState(view.host);
  const [port, setPort] = useState(String(view.port));
  const section = useSection(save);
  function input(): DeviceSettingsInput | string {
    const portN = intIn(port, 0, 65_535);
    if (host.trim() === '') return t('devices.broker.errors.host');
    if (portN === null) return t('devices.broker.errors.embeddedPort');
    return { embedded: { enabled, host: host.trim(), port: portN } };
  }
  return (
    <form className="dev-card" aria-label={t('devices.broker.embedded')} onSubmit={(e) => void section.submit(e, input())} noValidate>
      <h3>{t('devices.broker.embedded')}</h3>
      <p className="muted">{t('devices.broker.embeddedHelp')}</p>
      <Check label={t('devices.broker.runEmbedded')} checked={enabled} onChange={setEnabled} />
      <div className="dev-form-grid">
        <Field label={t('devices.broker.listen')}>
          <input value={host} onChange={(e) => setHost(e.target.value)} dir="ltr" />
        </Field>
        <Field label={t('devices.broker.port')}>
          <input value={port} onChange={(e) => setPort(e.target.value)} inputMode="numeric" dir="ltr" />
        </Field>
      </div>
      <SaveRow busy={section.busy} message={section.message} />
    </form>
  );
}

function LinkStatus() {
  const { t } = useTranslation();
  const status = useDevices((s) => s.status);
  if (!status) return null;
  const counters = Object.entries(status.counters).filter(([, n]) => n > 0);
  return (
    <div className="dev-card dev-status" data-testid="broker-status">
      <h3>{t('devices.broker.status')}</h3>
      <p>
        <span className={`dev-dot ${status.connected ? 'online' : 'offline'}`} aria-hidden="true" />{' '}
        {status.connected ? t('devices.broker.connected') : status.enabled ? t('devices.broker.disconnected') : t('devices.broker.off')}
        {status.url && (
          <span className="muted" dir="ltr">
            {' '}
            · {status.url}
          </span>
        )}
      </p>
      <p>
        {status.embedded.running
          ? t('devices.broker.embeddedRunning', { port: status.embedded.port ?? '—', clients: status.embedded.clients, refused: status.embedded.refused })
          : t('devices.broker.embeddedStopped')}
      </p>
      {status.embedded.refused > 0 && <p className="muted">{t('devices.broker.refusedBy', { ...status.embedded.refusedBy })}</p>}
      {status.lastError && (
        <p className="error" role="alert" dir="ltr">
          {status.lastError}
        </p>
      )}
      {counters.length > 0 && (
        <dl className="dev-counters" dir="ltr">
          {counters.map(([name, n]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd className="num">{n.toLocaleString('en-US')}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}

/** The admin's page for how GridDesk reaches its devices: an external broker, its own, or both. */
export function BrokerSettings() {
  const { t } = useTranslation();
  const { isAdmin } = useDeviceRoles();
  const load = useDevices((s) => s.load);
  const [view, setView] = useState<DeviceSettingsView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (!isAdmin) return;
    call('devices.settings.get', {})
      .then(setView)
      .catch((err: unknown) => setError(errorText(err, t)));
  }, [isAdmin, t]);

  const save: Saver = async (input) => {
    const next = await call('devices.settings.set', input);
    setView(next);
  };

  return (
    <section className="dev-panel dev-broker" aria-label={t('panels.deviceBroker')}>
      <div className="dev-scroll">
        <LinkStatus />
        {!isAdmin && <p className="muted empty">{t('devices.broker.adminOnly')}</p>}
        <ErrorBanner error={error} />
        {view && (
          <div className="dev-cards">
            <EmbeddedBrokerForm view={view.embedded} save={save} />
            <ExternalBroker view={view.broker} save={save} />
            <PolicySettings view={view} save={save} />
          </div>
        )}
      </div>
    </section>
  );
}
