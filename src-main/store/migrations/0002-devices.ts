import type { Migration } from './migration';

/**
 * Device tables. Units are in the column names: _w watts, _wh watt-hours, _dv 0.1 V, _mhz 0.001
 * Hz, _pm 0.1 % (per mille), _dc 0.1 °C; times are ms since the epoch. Telemetry tables are
 * WITHOUT ROWID with (device_id, ts|bucket) as the key: rows of one device are stored together, so
 * a range query for one device is one index seek plus a sequential read, and the key doubles as
 * the dedupe rule for QoS 1 redeliveries. They carry no foreign key: checking one on every one of
 * 50k inserts a second costs more than deleting a removed device's rows by hand.
 *
 * Frozen: released databases ran this text. A change is a new numbered file.
 */
export const migration0002: Migration = {
  version: 2,
  tables: { devices: ['device_settings', 'devices', 'device_credentials', 'device_telemetry', 'device_telemetry_1m', 'device_telemetry_15m', 'device_commands', 'device_alerts', 'device_settlements', 'device_settlement_runs'] },
  sql: `
  CREATE TABLE device_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

  CREATE TABLE devices (
    id INTEGER PRIMARY KEY,
    site TEXT NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('meter','solar','wind','battery','sensor')),
    model TEXT NOT NULL DEFAULT '',
    firmware TEXT NOT NULL DEFAULT '',
    rated_power_w INTEGER NOT NULL,
    capacity_wh INTEGER,
    max_charge_w INTEGER,
    max_discharge_w INTEGER,
    min_soc_pm INTEGER NOT NULL,
    max_soc_pm INTEGER NOT NULL,
    heartbeat_s INTEGER NOT NULL,
    protocol INTEGER NOT NULL CHECK (protocol IN (4, 5)),
    mapping TEXT,
    source TEXT NOT NULL CHECK (source IN ('birth','manual')),
    enabled INTEGER NOT NULL DEFAULT 1,
    online INTEGER NOT NULL DEFAULT 0,
    last_seen INTEGER,
    latest_ts INTEGER,
    latest_power_w INTEGER,
    latest_import_wh INTEGER,
    latest_export_wh INTEGER,
    latest_soc_pm INTEGER,
    latest_temp_dc INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (site, name)
  ) STRICT;

  -- Logins on the embedded broker, one per device.
  CREATE TABLE device_credentials (
    username TEXT PRIMARY KEY,
    device_id INTEGER NOT NULL UNIQUE REFERENCES devices(id) ON DELETE CASCADE,
    password_hash TEXT NOT NULL
  ) STRICT;

  CREATE TABLE device_telemetry (
    device_id INTEGER NOT NULL,
    ts INTEGER NOT NULL,
    power_w INTEGER,
    import_wh INTEGER,
    export_wh INTEGER,
    voltage_dv INTEGER,
    frequency_mhz INTEGER,
    soc_pm INTEGER,
    temp_dc INTEGER,
    skewed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (device_id, ts)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE device_telemetry_1m (
    device_id INTEGER NOT NULL,
    bucket INTEGER NOT NULL,
    n INTEGER NOT NULL,
    power_n INTEGER NOT NULL, power_sum INTEGER NOT NULL, power_min INTEGER, power_max INTEGER,
    voltage_n INTEGER NOT NULL, voltage_sum INTEGER NOT NULL,
    freq_n INTEGER NOT NULL, freq_sum INTEGER NOT NULL,
    soc_n INTEGER NOT NULL, soc_sum INTEGER NOT NULL,
    temp_n INTEGER NOT NULL, temp_sum INTEGER NOT NULL,
    counters_ts INTEGER, import_wh INTEGER, export_wh INTEGER,
    PRIMARY KEY (device_id, bucket)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE device_telemetry_15m (
    device_id INTEGER NOT NULL,
    bucket INTEGER NOT NULL,
    n INTEGER NOT NULL,
    power_n INTEGER NOT NULL, power_sum INTEGER NOT NULL, power_min INTEGER, power_max INTEGER,
    voltage_n INTEGER NOT NULL, voltage_sum INTEGER NOT NULL,
    freq_n INTEGER NOT NULL, freq_sum INTEGER NOT NULL,
    soc_n INTEGER NOT NULL, soc_sum INTEGER NOT NULL,
    temp_n INTEGER NOT NULL, temp_sum INTEGER NOT NULL,
    counters_ts INTEGER, import_wh INTEGER, export_wh INTEGER,
    PRIMARY KEY (device_id, bucket)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE device_commands (
    id TEXT PRIMARY KEY,
    device_id INTEGER NOT NULL,
    site TEXT NOT NULL,
    device TEXT NOT NULL,
    command TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending','acknowledged','failed','timed_out','unsent')),
    attempts INTEGER NOT NULL,
    error TEXT,
    sent_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    last_sent_at INTEGER,
    round_trip_ms INTEGER
  ) STRICT;
  CREATE INDEX device_commands_device ON device_commands(device_id, created_at);
  CREATE INDEX device_commands_created ON device_commands(created_at);

  CREATE TABLE device_alerts (
    id INTEGER PRIMARY KEY,
    device_id INTEGER NOT NULL,
    site TEXT NOT NULL,
    device TEXT NOT NULL,
    kind TEXT NOT NULL,
    message TEXT NOT NULL,
    raised_at INTEGER NOT NULL,
    cleared_at INTEGER
  ) STRICT;
  -- At most one open alert per device and kind: raising twice is a no-op.
  CREATE UNIQUE INDEX device_alerts_open ON device_alerts(device_id, kind) WHERE cleared_at IS NULL;

  CREATE TABLE device_settlements (
    interval_start INTEGER NOT NULL,
    interval_end INTEGER NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('device','site')),
    site TEXT NOT NULL,
    -- The device name, '' for a site row (NULL would not be unique).
    device_key TEXT NOT NULL,
    device_id INTEGER,
    import_wh INTEGER NOT NULL,
    export_wh INTEGER NOT NULL,
    net_wh INTEGER NOT NULL,
    readings INTEGER NOT NULL,
    complete INTEGER NOT NULL,
    computed_at INTEGER NOT NULL,
    UNIQUE (interval_start, interval_end, scope, site, device_key)
  ) STRICT;
  -- One row per settled interval: an interval is computed once, even if nothing passed the threshold.
  CREATE TABLE device_settlement_runs (
    interval_start INTEGER NOT NULL,
    interval_end INTEGER NOT NULL,
    computed_at INTEGER NOT NULL,
    rows INTEGER NOT NULL,
    PRIMARY KEY (interval_start, interval_end)
  ) STRICT;
`,
};
