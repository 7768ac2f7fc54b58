import { create } from 'zustand';
import type { AlertView, BrokerStatusView, CommandView, DeviceView, LatestReading } from '../../../../src-shared/contract/devices';
import { call, subscribe } from '../../transport/client';
import { useSession } from '../auth/public';

interface DevicesState {
  devices: DeviceView[];
  status: BrokerStatusView | null;
  alerts: AlertView[];
  /** Recent commands (all devices), newest first; the commands panel filters by device. */
  commands: CommandView[];
  selectedId: number | null;
  loaded: boolean;
  /** Why the last load failed (e.g. the role may not read it); null once a load succeeds. */
  loadError: unknown;
  /** Bumped on every `devices.settlement` event so the settlement panel can refetch. */
  settlementRevision: number;
  load(): Promise<void>;
  select(deviceId: number | null): void;
}

const COMMANDS_KEPT = 500;
const ALERTS_KEPT = 1_000;

function upsert<T>(list: T[], item: T, key: (x: T) => number | string): T[] {
  const id = key(item);
  const index = list.findIndex((x) => key(x) === id);
  if (index === -1) return [item, ...list];
  const next = list.slice();
  next[index] = item;
  return next;
}

let loading: Promise<void> | null = null;

/**
 * Every device panel reads from this one store, so a device selected in the registry drives the
 * telemetry and command panels, and each event is applied once however many panels are open.
 */
export const useDevices = create<DevicesState>((set, get) => ({
  devices: [],
  status: null,
  alerts: [],
  commands: [],
  selectedId: null,
  loaded: false,
  loadError: null,
  settlementRevision: 0,
  load() {
    // Several panels mount at once; one round of calls serves them all.
    loading ??= (async () => {
      try {
        const [devices, status, alerts, commands] = await Promise.all([
          call('devices.list', {}),
          call('devices.broker', {}),
          call('devices.alerts', { activeOnly: false, limit: ALERTS_KEPT }),
          call('devices.commands', { limit: COMMANDS_KEPT }),
        ]);
        const selected = get().selectedId;
        set({
          devices,
          status,
          alerts,
          commands,
          loaded: true,
          loadError: null,
          selectedId: selected !== null && devices.some((d) => d.id === selected) ? selected : (devices[0]?.id ?? null),
        });
      } catch (err) {
        set({ loadError: err });
      } finally {
        loading = null;
      }
    })();
    return loading;
  },
  select(deviceId) {
    set({ selectedId: deviceId });
  },
}));

export function deviceLabel(device: Pick<DeviceView, 'site' | 'name'>): string {
  return `${device.site} / ${device.name}`;
}

subscribe('devices.device', (device) =>
  useDevices.setState((s) => ({ devices: upsert(s.devices, device, (d) => d.id), selectedId: s.selectedId ?? device.id })),
);
subscribe('devices.removed', ({ deviceId }) =>
  useDevices.setState((s) => ({
    devices: s.devices.filter((d) => d.id !== deviceId),
    selectedId: s.selectedId === deviceId ? null : s.selectedId,
  })),
);
subscribe('devices.status', (status) => useDevices.setState({ status }));
subscribe('devices.alert', (alert) => useDevices.setState((s) => ({ alerts: upsert(s.alerts, alert, (a) => a.id).slice(0, ALERTS_KEPT) })));
subscribe('devices.command', (command) =>
  useDevices.setState((s) => ({ commands: upsert(s.commands, command, (c) => c.id).slice(0, COMMANDS_KEPT) })),
);
subscribe('devices.settlement', () => useDevices.setState((s) => ({ settlementRevision: s.settlementRevision + 1 })));
// Latest readings arrive per ingest flush (up to 20 a second with a busy plant); folding them in
// four times a second keeps the power/SoC columns live without re-rendering on every flush.
const LIVE_APPLY_MS = 250;
let pendingLive = new Map<number, LatestReading>();
let liveTimer: ReturnType<typeof setTimeout> | undefined;

function applyLive(): void {
  liveTimer = undefined;
  const byId = pendingLive;
  pendingLive = new Map();
  useDevices.setState((s) => {
    let changed = false;
    const devices = s.devices.map((d) => {
      const latest = byId.get(d.id);
      if (!latest) return d;
      changed = true;
      return { ...d, latest, lastSeen: Math.max(d.lastSeen ?? 0, latest.ts) };
    });
    return changed ? { devices } : {};
  });
}

subscribe('devices.live', ({ readings }) => {
  for (const { deviceId, ...latest } of readings) pendingLive.set(deviceId, latest);
  liveTimer ??= setTimeout(applyLive, LIVE_APPLY_MS);
});

// Events sent while the socket was down are lost; a reconnect reloads so an all-day screen never drifts.
useSession.subscribe((now, before) => {
  if (now.connected && !before.connected && useDevices.getState().loaded) void useDevices.getState().load();
});
