import { afterEach, describe, expect, it } from 'vitest';
import type { AlertView } from '../../src-shared/contract/devices';
import { DEFAULT_DEVICE_OPTIONS } from '../../src-main/devices';
import { openHarness, removeDir, withAdmin, withUser, type Client, type Harness } from '../helpers/core';

let harness: Harness | undefined;
afterEach(() => {
  if (!harness) return;
  harness.close();
  removeDir(harness.dataDir);
  harness = undefined;
});

const send = (h: Harness, topic: string, body: unknown) =>
  h.core.receiveMqtt({ topic, payload: Buffer.from(JSON.stringify(body)), retain: false });

/** Runs the Core's periodic jobs as its timer would once the health interval has passed. */
function nextHealthCheck(h: Harness): void {
  h.clock.advance(DEFAULT_DEVICE_OPTIONS.healthEveryMs);
  void h.core.tick('devices');
}

/** A device that announced itself and then went offline through its last will: an open offline alert. */
function offlineDevice(h: Harness, name: string): void {
  send(h, `griddesk/south/${name}/birth`, { type: 'solar', ratedPowerW: 10_000, heartbeatS: 3_600 });
  send(h, `griddesk/south/${name}/status`, { state: 'offline' });
}

async function openAlerts(client: Client): Promise<AlertView[]> {
  return client.ok('devices.alerts', { activeOnly: true });
}

async function offlineAlerts(h: Harness, client: Client, ...names: string[]): Promise<AlertView[]> {
  for (const name of names) offlineDevice(h, name);
  nextHealthCheck(h);
  const open = await openAlerts(client);
  const found = names.map((name) => open.find((a) => a.device === name && a.kind === 'offline'));
  if (found.some((a) => a === undefined)) throw new Error(`expected offline alerts for ${names.join(', ')}`);
  return found as AlertView[];
}

async function setup(): Promise<{ h: Harness; admin: Client; operator: Client; viewer: Client }> {
  const h = openHarness();
  harness = h;
  const admin = await withAdmin(h);
  const operator = await withUser(h, admin, 'otto', 'operator');
  const viewer = await withUser(h, admin, 'vera', 'viewer');
  return { h, admin, operator, viewer };
}

describe('acknowledging device alerts', () => {
  it('stores who and when, keeps the alert open, tells every screen, and a second time changes nothing', async () => {
    const { h, admin, operator, viewer } = await setup();
    const [a, b] = await offlineAlerts(h, operator, 'pv-1', 'pv-2');
    h.clock.advance(42_000);
    const at = h.clock.now();

    const result = await operator.ok('devices.alerts.acknowledge', { alertIds: [a!.id, b!.id], note: '  crew on the way  ' });
    expect(result.unchanged).toEqual([]);
    expect(result.changed.map((x) => x.id).sort()).toEqual([a!.id, b!.id].sort());
    for (const alert of result.changed) {
      expect(alert).toMatchObject({ acknowledgedAt: at, acknowledgedBy: 'otto', note: 'crew on the way', clearedAt: null, clearedBy: null });
    }
    // Still open: acknowledging is not fixing.
    const open = await openAlerts(viewer);
    expect(open.filter((x) => x.id === a!.id || x.id === b!.id)).toHaveLength(2);
    expect(open.find((x) => x.id === a!.id)).toMatchObject({ acknowledgedBy: 'otto', acknowledgedAt: at });
    // Another user's screen heard it.
    const heard = viewer.eventsOf('devices.alert').filter((e) => e.acknowledgedAt !== null);
    expect(heard.map((e) => e.id).sort()).toEqual([a!.id, b!.id].sort());

    h.clock.advance(1_000);
    const again = await admin.ok('devices.alerts.acknowledge', { alertIds: [a!.id] });
    expect(again).toEqual({ changed: [], unchanged: [{ id: a!.id, reason: 'already_acknowledged' }] });
    expect((await openAlerts(viewer)).find((x) => x.id === a!.id)).toMatchObject({ acknowledgedBy: 'otto', acknowledgedAt: at });
    expect(viewer.eventsOf('devices.alert').filter((e) => e.acknowledgedAt !== null)).toHaveLength(2);

    const audit = await admin.ok('audit.list', {});
    const acks = audit.filter((e) => e.type === 'devices.alert.acknowledged');
    expect(acks).toHaveLength(2);
    expect(acks.every((e) => e.actor === 'otto')).toBe(true);
    expect(acks.map((e) => e.payload)).toEqual(
      expect.arrayContaining([expect.objectContaining({ alertId: a!.id, kind: 'offline', note: 'crew on the way' })]),
    );
    // The no-op acknowledgement still leaves a trace of the call.
    expect(audit.find((e) => e.actor === 'admin' && e.type === 'call')?.payload).toEqual({ method: 'devices.alerts.acknowledge' });
  });

  it('is kept across a restart of the terminal', async () => {
    const { h, operator } = await setup();
    const [a] = await offlineAlerts(h, operator, 'pv-1');
    await operator.ok('devices.alerts.acknowledge', { alertIds: [a!.id] });
    const { dataDir, clock } = h;
    h.close();
    harness = openHarness(dataDir, clock);
    const admin = harness.connect();
    await admin.ok('auth.login', { username: 'admin', password: 'correct horse battery' });
    const open = await openAlerts(admin);
    expect(open.find((x) => x.id === a!.id)).toMatchObject({ acknowledgedBy: 'otto', note: null, clearedAt: null });
  });

  it('is refused to a viewer, who can still read the alerts', async () => {
    const { h, admin, viewer } = await setup();
    const [a] = await offlineAlerts(h, viewer, 'pv-1');
    const events = viewer.eventsOf('devices.alert').length;
    for (const method of ['devices.alerts.acknowledge', 'devices.alerts.clear'] as const) {
      expect(await viewer.call(method, { alertIds: [a!.id] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect((await openAlerts(viewer)).find((x) => x.id === a!.id)).toMatchObject({ acknowledgedAt: null, clearedAt: null });
    expect(viewer.eventsOf('devices.alert')).toHaveLength(events);
    const refused = (await admin.ok('audit.list', {})).filter((e) => e.type === 'refused' && e.actor === 'vera');
    expect(refused.map((e) => e.payload)).toEqual([
      expect.objectContaining({ method: 'devices.alerts.clear' }),
      expect.objectContaining({ method: 'devices.alerts.acknowledge' }),
    ]);
  });

  it('refuses the whole request when one id is unknown, naming it, and changes nothing', async () => {
    const { h, admin, operator } = await setup();
    const [a] = await offlineAlerts(h, operator, 'pv-1');
    const events = operator.eventsOf('devices.alert').length;
    const before = (await admin.ok('audit.list', {}))[0]!.seq;
    for (const method of ['devices.alerts.acknowledge', 'devices.alerts.clear'] as const) {
      const result = await operator.call(method, { alertIds: [a!.id, 987_654], note: 'x' });
      expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'alertIds' } });
      if (!result.ok) expect(result.error.message).toContain('987654');
    }
    expect((await openAlerts(operator)).find((x) => x.id === a!.id)).toMatchObject({ acknowledgedAt: null, note: null, clearedAt: null });
    expect(operator.eventsOf('devices.alert')).toHaveLength(events);
    const after = (await admin.ok('audit.list', {})).filter((e) => e.seq > before);
    expect(after.filter((e) => e.type.startsWith('devices.alert'))).toEqual([]);
  });

  it('refuses a note longer than 500 characters', async () => {
    const { h, operator } = await setup();
    const [a] = await offlineAlerts(h, operator, 'pv-1');
    const result = await operator.call('devices.alerts.acknowledge', { alertIds: [a!.id], note: 'n'.repeat(501) });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', field: 'note' } });
    expect(await operator.ok('devices.alerts.acknowledge', { alertIds: [a!.id], note: 'n'.repeat(500) })).toMatchObject({
      changed: [{ note: 'n'.repeat(500) }],
    });
  });
});

describe('clearing device alerts by hand', () => {
  it('closes the alert under the operator\'s name; a fault that still holds is raised again by the next health check', async () => {
    const { h, admin, operator, viewer } = await setup();
    const [first] = await offlineAlerts(h, operator, 'pv-1');
    await operator.ok('devices.alerts.acknowledge', { alertIds: [first!.id], note: 'looking' });
    h.clock.advance(10_000);
    const at = h.clock.now();

    const cleared = await operator.ok('devices.alerts.clear', { alertIds: [first!.id], note: 'replaced the fuse' });
    expect(cleared.changed).toEqual([
      expect.objectContaining({ id: first!.id, clearedAt: at, clearedBy: 'otto', acknowledgedBy: 'otto', note: 'replaced the fuse' }),
    ]);
    expect(viewer.eventsOf('devices.alert').at(-1)).toMatchObject({ id: first!.id, clearedBy: 'otto', clearedAt: at });
    expect((await openAlerts(viewer)).some((x) => x.device === 'pv-1')).toBe(false);
    expect(await operator.ok('devices.alerts.clear', { alertIds: [first!.id] })).toEqual({
      changed: [],
      unchanged: [{ id: first!.id, reason: 'already_cleared' }],
    });
    expect(await operator.ok('devices.alerts.acknowledge', { alertIds: [first!.id] })).toEqual({
      changed: [],
      unchanged: [{ id: first!.id, reason: 'already_cleared' }],
    });

    // The device is still offline: the operator must not be able to silence a live fault.
    nextHealthCheck(h);
    const again = (await openAlerts(viewer)).filter((x) => x.device === 'pv-1');
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ kind: 'offline', acknowledgedAt: null, clearedAt: null, clearedBy: null, note: null });
    expect(again[0]!.id).not.toBe(first!.id);
    expect(viewer.eventsOf('devices.alert').at(-1)).toMatchObject({ id: again[0]!.id, clearedAt: null });

    // When the device comes back the system clears the new alert: nobody's name on it.
    send(h, 'griddesk/south/pv-1/status', { state: 'online' });
    nextHealthCheck(h);
    const history = await viewer.ok('devices.alerts', { activeOnly: false });
    expect(history.find((x) => x.id === again[0]!.id)).toMatchObject({ clearedBy: null, clearedAt: h.clock.now() });
    expect(history.find((x) => x.id === first!.id)).toMatchObject({ clearedBy: 'otto' });

    const audit = await admin.ok('audit.list', {});
    const byHand = audit.filter((e) => e.type === 'devices.alert.cleared' && e.actor === 'otto');
    expect(byHand.map((e) => e.payload)).toEqual([
      { alertId: first!.id, deviceId: first!.deviceId, kind: 'offline', byHand: true, note: 'replaced the fuse' },
    ]);
    expect(audit.filter((e) => e.type === 'devices.alert.raised' && (e.payload as { kind: string }).kind === 'offline')).toHaveLength(2);
    expect(audit.filter((e) => e.type === 'devices.alert.cleared' && e.actor === null)).toHaveLength(1);
  });
});
