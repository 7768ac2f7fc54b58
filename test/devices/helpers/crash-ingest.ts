/**
 * Run by aggregates.test.ts as a separate process that is killed with SIGKILL. Stores readings with
 * aggregates deferred for an hour, so the raw rows are committed but the 1-minute and 15-minute
 * aggregates are not; prints "STORED <n>" once n readings are committed, then waits to be killed.
 */
import { join } from 'node:path';
import { EventBus } from '../../../src-main/api/event-bus';
import { Recorder } from '../../../src-main/api/recorder';
import { ManualClock } from '../../../src-main/core/clock';
import { createDevices } from '../../../src-main/devices';
import { openDatabase } from '../../../src-main/store/database';
import { openSecretBox } from '../../../src-main/store/secret-box';
import { EventLog } from '../../../src-main/store/event-log';
import { terminalIdOf } from '../../../src-main/store/meta';

const [dir, start, count] = process.argv.slice(2);
if (!dir || !start || !count) throw new Error('usage: crash-ingest <dir> <startMs> <count>');
const T = Number(start);
const db = openDatabase(join(dir, 'griddesk.sqlite'));
const clock = new ManualClock(T);
const bus = new EventBus();
const recorder = new Recorder(db, new EventLog(db, terminalIdOf(db)), bus);
const service = createDevices({ db, recorder, bus, clock, secrets: openSecretBox(db, { kind: 'key-file', dir }), options: { batchSize: 10, aggregateEveryMs: 3_600_000 } }).service;
const spec = { type: 'meter' as const, model: '', firmware: '', ratedPowerW: 20_000, capacityWh: null, maxChargeW: null, maxDischargeW: null, minSocPct: 10, maxSocPct: 95, heartbeatS: 60, protocol: 4 as const, mapping: null };
const device = service.deviceAt('plant', 'meter-1') ?? service.addDevice('plant', 'meter-1', spec, T, (change) => recorder.commit(T, 'test', change));
let stored = 0;
service.onStored((fresh) => {
  stored += fresh.length;
  if (stored === Number(count)) process.stdout.write(`STORED ${stored}\n`);
});
// Readings 20 s apart over several minutes and two quarters; batches of 10 commit as they fill.
for (let i = 0; i < Number(count); i++) {
  service.queueReading({
    deviceId: device.id, ts: T + i * 20_000, powerW: 1_000 + i, importWh: 0, exportWh: i, voltageDv: 2_300, frequencyMhz: 50_000,
    socPm: null, tempDc: null, skewed: false, receivedAt: T + i * 20_000,
  });
}
setInterval(() => undefined, 1_000);
