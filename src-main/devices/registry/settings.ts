import type { DeviceSettingsInput, DeviceSettingsView } from '../../../src-shared/contract/devices';
import type { Db } from '../../store/database';
import { SecretBox } from '../../store/secret-box';
import { withSecureDelete } from '../../store/secure-rewrite';

/** The full settings as stored; secrets included, so this type never leaves the core. */
export interface DeviceSettings {
  broker: {
    enabled: boolean;
    host: string;
    port: number;
    protocolVersion: 4 | 5;
    clientId: string;
    username: string | null;
    password: string | null;
    keepaliveS: number;
    reconnectMinMs: number;
    reconnectMaxMs: number;
    tls: { enabled: boolean; ca: string | null; cert: string | null; key: string | null; rejectUnauthorized: boolean };
  };
  embedded: { enabled: boolean; host: string; port: number };
  retention: { rawDays: number; minuteDays: number; quarterDays: number };
  ingest: { maxFutureSkewS: number; maxPayloadBytes: number };
  settlement: { intervalMin: 5 | 15 | 30 | 60; thresholdWh: number; graceS: number };
  commands: { timeoutMs: number; retries: number };
  battery: { deliveryCheck: 'warn' | 'refuse'; socMaxAgeS: number };
  health: { staleS: number; heartbeatMissFactor: number; maxTemperatureC: number; trendSigma: number };
}

/**
 * Off by default: a fresh terminal must not reach out to a broker nobody configured, nor open a
 * port on the LAN. The fixed client id plus clean:false gives the persistent session.
 */
export function defaultSettings(): DeviceSettings {
  return {
    broker: {
      enabled: false,
      host: '127.0.0.1',
      port: 1883,
      protocolVersion: 5,
      clientId: 'griddesk-terminal',
      username: null,
      password: null,
      keepaliveS: 30,
      reconnectMinMs: 500,
      reconnectMaxMs: 30_000,
      tls: { enabled: false, ca: null, cert: null, key: null, rejectUnauthorized: true },
    },
    embedded: { enabled: false, host: '0.0.0.0', port: 1883 },
    retention: { rawDays: 7, minuteDays: 90, quarterDays: 3_650 },
    ingest: { maxFutureSkewS: 30, maxPayloadBytes: 65_536 },
    settlement: { intervalMin: 15, thresholdWh: 1, graceS: 120 },
    commands: { timeoutMs: 5_000, retries: 2 },
    battery: { deliveryCheck: 'warn', socMaxAgeS: 900 },
    health: { staleS: 300, heartbeatMissFactor: 3, maxTemperatureC: 85, trendSigma: 3 },
  };
}

/** Section by section: an absent field keeps its value, so a form can send only what changed. */
export function mergeSettings(current: DeviceSettings, input: DeviceSettingsInput): DeviceSettings {
  return {
    broker: { ...current.broker, ...input.broker, tls: { ...current.broker.tls, ...input.broker?.tls } },
    embedded: { ...current.embedded, ...input.embedded },
    retention: { ...current.retention, ...input.retention },
    ingest: { ...current.ingest, ...input.ingest },
    settlement: { ...current.settlement, ...input.settlement },
    commands: { ...current.commands, ...input.commands },
    battery: { ...current.battery, ...input.battery },
    health: { ...current.health, ...input.health },
  };
}

/** What an admin sees: secrets are reported as present, never echoed. */
export function settingsView(s: DeviceSettings): DeviceSettingsView {
  const { password, tls, ...broker } = s.broker;
  const { key, ...restTls } = tls;
  return {
    ...s,
    broker: { ...broker, passwordSet: password !== null, tls: { ...restTls, keySet: key !== null } },
  };
}

const PASSWORD = 'devices.broker.password';
const TLS_KEY = 'devices.broker.tls.key';

/**
 * The settings row, with the broker password and the TLS private key sealed by the SecretBox: the
 * database never holds them in clear text. A row an older version wrote in clear text is sealed
 * when the repo is created, over its old bytes (secure_delete), so no copy stays in the file.
 */
export class SettingsRepo {
  private readonly read;
  private readonly write;

  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
  ) {
    this.read = db.prepare("SELECT value FROM device_settings WHERE key = 'settings'").pluck();
    this.write = db.prepare(
      "INSERT INTO device_settings (key, value) VALUES ('settings', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    );
    this.sealClearText();
  }

  /** Stored JSON over the defaults, so a setting added in a later version gets its default. */
  get(): DeviceSettings {
    const raw = this.read.get() as string | undefined;
    if (!raw) return defaultSettings();
    const stored = mergeSettings(defaultSettings(), JSON.parse(raw) as DeviceSettingsInput);
    const { broker } = stored;
    return {
      ...stored,
      broker: {
        ...broker,
        password: this.secrets.openField(broker.password, PASSWORD),
        tls: { ...broker.tls, key: this.secrets.openField(broker.tls.key, TLS_KEY) },
      },
    };
  }

  save(settings: DeviceSettings): void {
    const { broker } = settings;
    const sealed: DeviceSettings = {
      ...settings,
      broker: {
        ...broker,
        password: this.secrets.sealField(broker.password, PASSWORD),
        tls: { ...broker.tls, key: this.secrets.sealField(broker.tls.key, TLS_KEY) },
      },
    };
    this.write.run(JSON.stringify(sealed));
  }

  private sealClearText(): void {
    const raw = this.read.get() as string | undefined;
    if (!raw) return;
    const broker = (JSON.parse(raw) as DeviceSettingsInput).broker as { password?: unknown; tls?: { key?: unknown } } | undefined;
    const clear = (value: unknown) => typeof value === 'string' && !SecretBox.isSealed(value);
    if (!clear(broker?.password) && !clear(broker?.tls?.key)) return;
    withSecureDelete(this.db, () => this.save(this.get()));
  }
}
