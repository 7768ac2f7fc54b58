/**
 * Devices benchmark: its own Mosquitto on a free loopback port, 1,000 simulated devices in a child
 * process (so the load generator does not share the event loop with the terminal), the real
 * devices domain writing to a real SQLite file.
 *
 *   npm run bench:devices            (CI=true: a shorter run, same output shape)
 *   BENCH_RATE=… BENCH_SUSTAINED_RATE=… to choose the two publish rates (msg/s)
 *
 * First the ceiling: the same generator and Mosquitto into a subscriber that only acknowledges, which
 * is as fast as anything can take telemetry from this broker on this machine. Then it measures the
 * terminal's QoS 1 ingest twice: at the target rate (50k msg/s; where the machine cannot keep up this
 * is an overload, and latency is mostly queueing) and at a sustainable rate (40% of what the first
 * run achieved end to end). Each reports msgs/s stored, lost = published minus stored, and p99
 * latency from the device's publish timestamp to the commit of its row (split into publish → arrival
 * at the terminal and arrival → commit), plus the CPU each process
 * used per message (the generator, Mosquitto and the terminal share two cores). Then: how fast the
 * terminal drains a backlog queued at the broker, a 30-day history query for one device, and command
 * round trips (call to device acknowledgement). The last line printed is one JSON object.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Change } from '../src-main/api/context';
import { EventBus } from '../src-main/api/event-bus';
import { Recorder } from '../src-main/api/recorder';
import { systemClock } from '../src-main/core/clock';
import { createDevices } from '../src-main/devices';
import type { QueuedReading } from '../src-main/devices/telemetry/ingest';
import { RECEIVE_MAXIMUM } from '../src-main/devices/mqtt/mqtt-link';
import { Fleet } from '../src-main/devices/simulator/fleet';
import { RawPublisher } from '../src-main/devices/simulator/raw-publisher';
import type { SimDevice } from '../src-main/devices/simulator/sim-device';
import { openDatabase } from '../src-main/store/database';
import { openSecretBox } from '../src-main/store/secret-box';
import { EventLog } from '../src-main/store/event-log';
import { terminalIdOf } from '../src-main/store/meta';
import { Mosquitto } from '../test/devices/helpers/mosquitto';
import { NullSubscriber } from './devices/null-subscriber';

const CI = process.env.CI === 'true';
const DEVICES = 1_000;
const TARGET_RATE = Number(process.env.BENCH_RATE ?? 50_000);
const LOAD_SECONDS = CI ? 3 : 15;
const SUSTAINED_SECONDS = CI ? 3 : 10;
const COMMANDS = CI ? 100 : 300;
const CEILING_SECONDS = CI ? 2 : 8;

type ToChild = { type: 'load'; rate: number; seconds: number } | { type: 'stop' };
type FromChild =
  | { type: 'ready' }
  | { type: 'progress'; published: number; acked: number }
  | { type: 'loaded'; published: number; acked: number; failed: number; startedAt: number; finishedAt: number; cpuMs: number };

// ---------------------------------------------------------------------------------------------
// Child: the device fleet.
// ---------------------------------------------------------------------------------------------
async function runFleet(url: string): Promise<void> {
  const send = (m: FromChild) => process.send?.(m);
  const fleet = await Fleet.connect({ url, devices: DEVICES, seed: 42 });
  // Births and commands go through each device's full client; the telemetry load through a lean
  // second connection per device, so the generator is not what the figure measures.
  const { hostname, port } = new URL(url);
  const lanes: Array<{ device: SimDevice; topic: Buffer; publisher: RawPublisher }> = [];
  for (let i = 0; i < fleet.devices.length; i += 100) {
    lanes.push(
      ...(await Promise.all(
        fleet.devices.slice(i, i + 100).map(async (device) => ({
          device,
          topic: Buffer.from(device.topic('telemetry')),
          publisher: await RawPublisher.connect(hostname, Number(port), `load-${device.spec.site}-${device.spec.name}`),
        })),
      )),
    );
  }
  send({ type: 'ready' });
  process.on('message', (raw: ToChild) => {
    if (raw.type === 'stop') {
      void Promise.all([fleet.stop(), ...lanes.map((l) => l.publisher.end())]).then(() => process.exit(0));
      return;
    }
    let published = 0;
    let acked = 0;
    let failed = 0;
    const onAck = (err?: Error) => (err ? failed++ : acked++);
    const startedAt = Date.now();
    const cpuAtStart = process.cpuUsage();
    const total = Math.round(raw.rate * raw.seconds);
    let next = 0;
    // Every 5 ms, publish what the target rate asks for since the start. Each device sends a burst of
    // up to BURST readings (as a device buffering a few samples would) in one write; devices take
    // turns round-robin.
    const BURST = 5;
    const progress = setInterval(() => send({ type: 'progress', published, acked }), 1_000);
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((Date.now() - startedAt) / 1000) * raw.rate));
      while (published < due) {
        const lane = lanes[next++ % lanes.length]!;
        const now = Date.now();
        const burst: string[] = [];
        for (; burst.length < BURST && published < due; published++) burst.push(lane.device.telemetryJson(now));
        lane.publisher.publish(lane.topic, burst, onAck);
      }
      if (published >= total) {
        clearInterval(timer);
        const waitAcks = setInterval(() => {
          if (acked + failed >= published) {
            clearInterval(waitAcks);
            clearInterval(progress);
            const cpu = process.cpuUsage(cpuAtStart);
            send({ type: 'loaded', published, acked, failed, startedAt, finishedAt: Date.now(), cpuMs: (cpu.user + cpu.system) / 1000 });
          }
        }, 20);
      }
    }, 5);
  });
}

// ---------------------------------------------------------------------------------------------
// Parent: the terminal side.
// ---------------------------------------------------------------------------------------------
const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const round1 = (x: number) => Math.round(x * 10) / 10;

/** CPU time (user + system) a process has used so far, from /proc; 0 where there is no /proc. */
function processCpuMs(pid: number | null): number {
  if (pid === null) return 0;
  try {
    // Fields 14 and 15 (utime, stime) in clock ticks, counted after the parenthesised command name.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

async function waitFor(check: () => boolean, ms: number, what: string): Promise<void> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * What the load generator and Mosquitto move on this machine into a subscriber that does nothing but
 * acknowledge: no terminal can store faster than this here, so the ingest figure is read against it.
 */
async function measureCeiling(broker: Mosquitto, child: ChildProcess, messages: FromChild[], rate: number, seconds: number): Promise<number> {
  const subscriber = await NullSubscriber.connect('127.0.0.1', broker.port, 'griddesk/+/+/telemetry', RECEIVE_MAXIMUM);
  try {
    // A first, unmeasured second warms the generator's code up, as the ingest phase finds it.
    const warmUp = async () => {
      messages.length = 0;
      child.send({ type: 'load', rate, seconds: 1 } satisfies ToChild);
      await waitFor(() => messages.some((m) => m.type === 'loaded'), 30_000, 'the warm-up load');
      await waitFor(() => subscriber.received >= rate, 10_000, 'the warm-up delivery').catch(() => undefined);
    };
    await warmUp();
    subscriber.received = 0;
    console.log(`ceiling: publishing at up to ${rate} msg/s for ${seconds} s into a subscriber that only acknowledges…`);
    messages.length = 0;
    const brokerCpu = processCpuMs(broker.pid);
    child.send({ type: 'load', rate, seconds } satisfies ToChild);
    await waitFor(() => messages.some((m) => m.type === 'loaded'), (seconds * 3 + 20) * 1000, 'the ceiling load');
    const loaded = messages.find((m): m is Extract<FromChild, { type: 'loaded' }> => m.type === 'loaded')!;
    await waitFor(() => subscriber.received >= loaded.published, 10_000, 'the subscriber').catch(() => undefined);
    const perSec = Math.round(subscriber.received / (Math.max(1, subscriber.lastAt - loaded.startedAt) / 1000));
    const usPerMsg = (ms: number) => round1((ms * 1000) / Math.max(1, subscriber.received));
    console.log(`ceiling: ${subscriber.received} of ${loaded.published} delivered at ${perSec} msg/s; cpu generator ${usPerMsg(loaded.cpuMs)} µs/msg, ` +
      `mosquitto ${usPerMsg(processCpuMs(broker.pid) - brokerCpu)} µs/msg`);
    return perSec;
  } finally {
    await subscriber.end();
  }
}

async function main(): Promise<void> {
  const broker = await Mosquitto.start();
  const dir = mkdtempSync(join(tmpdir(), 'griddesk-bench-'));
  const db = openDatabase(join(dir, 'griddesk.sqlite'));
  const log = new EventLog(db, terminalIdOf(db));
  const bus = new EventBus();
  const recorder = new Recorder(db, log, bus);
  const service = createDevices({ db, recorder, bus, clock: systemClock, secrets: openSecretBox(db, { kind: 'key-file', dir }) }).service;
  const child = fork(fileURLToPath(import.meta.url), ['--fleet', broker.url], { execArgv: process.execArgv, stdio: 'inherit' });
  const messages: FromChild[] = [];
  child.on('message', (m: FromChild) => messages.push(m));
  const deadline = setTimeout(() => {
    console.error('bench: over time, giving up');
    // No cleanup will run after exit: the fleet and the broker must not outlive us.
    child.kill('SIGKILL');
    if (broker.pid !== null) process.kill(broker.pid, 'SIGKILL');
    process.exit(1);
  }, CI ? 58_000 : 170_000);
  deadline.unref();
  try {
    const commit = <T>(change: Change<T>): T => recorder.commit(systemClock.now(), 'bench', change);
    console.log(`connecting ${DEVICES} simulated devices…`);
    await waitFor(() => messages.some((m) => m.type === 'ready'), 40_000, 'the fleet');

    // ---- the ceiling: generator and Mosquitto into a subscriber that only acknowledges ----
    // Before the terminal has a session, so nothing of this phase is queued for it.
    const ceiling = await measureCeiling(broker, child, messages, TARGET_RATE, CEILING_SECONDS);

    await service.start();
    await service.changeSettings({ broker: { enabled: true, host: '127.0.0.1', port: broker.port } }, commit);
    await waitFor(() => service.status().connected, 10_000, 'the terminal to connect');
    // Births and online status are retained: the terminal learns every device from them.
    await waitFor(() => service.devices().filter((d) => d.online).length === DEVICES, 20_000, 'all births');

    /**
     * Publishes at `rate` for `seconds` and follows every reading to its commit. Lost = published
     * minus stored; latency = commit time minus the device's publish timestamp; the rate is what was
     * stored over the time from the first publish to the last commit.
     */
    const measureLoad = async (rate: number, seconds: number, label: string) => {
      // The previous phase's tail (its last writes, garbage) is not this phase's latency.
      await new Promise((r) => setTimeout(r, 1_000));
      const latencies: number[] = [];
      // Split of each latency: publish → arrival at the terminal (generator, broker, socket) and
      // arrival → commit (the terminal's own queueing and writing).
      const transit: number[] = [];
      const inTerminal: number[] = [];
      let stored = 0;
      let lastCommit = 0;
      const stop = service.onStored((fresh: readonly QueuedReading[], committedAt) => {
        stored += fresh.length;
        lastCommit = committedAt;
        for (const r of fresh) {
          latencies.push(committedAt - r.ts);
          transit.push(r.receivedAt - r.ts);
          inTerminal.push(committedAt - r.receivedAt);
        }
      });
      console.log(`${label}: publishing at up to ${rate} msg/s for ${seconds} s (QoS 1)…`);
      const terminalCpu = process.cpuUsage();
      const brokerCpu = processCpuMs(broker.pid);
      messages.length = 0;
      child.send({ type: 'load', rate, seconds } satisfies ToChild);
      await waitFor(() => messages.some((m) => m.type === 'loaded'), (seconds * 3 + 20) * 1000, 'the load to finish').catch((err: unknown) => {
        const last = messages.filter((m) => m.type === 'progress').at(-1);
        console.error(`generator: ${JSON.stringify(last)}, stored ${stored}`);
        throw err;
      });
      const loaded = messages.find((m): m is Extract<FromChild, { type: 'loaded' }> => m.type === 'loaded')!;
      // Everything published must reach the store; what has not after this wait counts as lost.
      await waitFor(() => stored >= loaded.published, 15_000, 'the store to catch up').catch(() => undefined);
      stop();
      const terminalUsage = process.cpuUsage(terminalCpu);
      const terminalCpuMs = (terminalUsage.user + terminalUsage.system) / 1000;
      const brokerCpuMs = processCpuMs(broker.pid) - brokerCpu;
      const elapsed = Math.max(1, lastCommit - loaded.startedAt) / 1000;
      latencies.sort((a, b) => a - b);
      transit.sort((a, b) => a - b);
      inTerminal.sort((a, b) => a - b);
      const usPerMsg = (ms: number) => round1((ms * 1000) / Math.max(1, stored));
      const result = {
        msgsPerSec: Math.round(stored / elapsed),
        lost: loaded.published - stored,
        p99LatencyMs: round1(percentile(latencies, 99)),
        // CPU per message of each process: what the figures would allow on cores of their own.
        cpuUsPerMsg: { terminal: usPerMsg(terminalCpuMs), generator: usPerMsg(loaded.cpuMs), mosquitto: usPerMsg(brokerCpuMs) },
      };
      console.log(`${label}: published ${loaded.published}, broker-acked ${loaded.acked}, failed ${loaded.failed}, stored ${stored}; ` +
        `p50 ${round1(percentile(latencies, 50))} ms, p99 ${result.p99LatencyMs} ms, max ${round1(latencies.at(-1) ?? 0)} ms over ${round1(elapsed)} s ` +
        `(generator took ${round1((loaded.finishedAt - loaded.startedAt) / 1000)} s)`);
      console.log(`${label} latency split: publish → terminal p50 ${round1(percentile(transit, 50))} p99 ${round1(percentile(transit, 99))} ms; ` +
        `terminal → commit p50 ${round1(percentile(inTerminal, 50))} p99 ${round1(percentile(inTerminal, 99))} ms`);
      // Two cores shared by three processes: which one ran out of CPU is what limits the figure above.
      const share = (ms: number) => `${Math.round(ms / 10 / elapsed)}%`;
      const perMsg = (ms: number) => `${usPerMsg(ms)} µs/msg`;
      console.log(`${label} cpu: terminal ${share(terminalCpuMs)} ${perMsg(terminalCpuMs)}, generator ${share(loaded.cpuMs)} ${perMsg(loaded.cpuMs)}, ` +
        `mosquitto ${share(brokerCpuMs)} ${perMsg(brokerCpuMs)} (share of one core; load average ${loadavg()[0]!.toFixed(1)})`);
      return result;
    };

    // ---- ingest at the target rate (an overload where the machine cannot sustain it) ----
    const ingest = await measureLoad(TARGET_RATE, LOAD_SECONDS, 'ingest');

    // ---- drain capacity: the terminal away while devices publish, then it catches up ----
    // The live figure above is capped by the load generator sharing the machine; this isolates what
    // the terminal itself can store (broker queue → MQTT → validation → SQLite).
    const drainCount = CI ? 60_000 : 300_000;
    await service.changeSettings({ broker: { enabled: false } }, commit);
    messages.length = 0;
    child.send({ type: 'load', rate: TARGET_RATE, seconds: drainCount / TARGET_RATE } satisfies ToChild);
    await waitFor(() => messages.some((m) => m.type === 'loaded'), 60_000, 'the queued load');
    let drained = 0;
    const stopDrain = service.onStored((fresh) => {
      drained += fresh.length;
    });
    const drainStart = performance.now();
    await service.changeSettings({ broker: { enabled: true } }, commit);
    await waitFor(() => drained >= drainCount, 40_000, 'the drain').catch(() => undefined);
    const drainPerSec = Math.round(drained / ((performance.now() - drainStart) / 1000));
    stopDrain();
    console.log(`drain: ${drained} of ${drainCount} queued readings stored at ${drainPerSec} msg/s`);

    // ---- latency under a load the machine sustains: 40% of the end-to-end rate measured above ----
    const sustainedRate = Number(process.env.BENCH_SUSTAINED_RATE ?? Math.max(1_000, Math.floor((ingest.msgsPerSec * 0.4) / 1_000) * 1_000));
    const sustained = { rate: sustainedRate, ...(await measureLoad(sustainedRate, SUSTAINED_SECONDS, 'sustained')) };

    // ---- 30-day history for one device (one reading a minute, all resolutions kept) ----
    const history = service.devices()[0]!;
    const now = systemClock.now();
    const from = now - 30 * 86_400_000;
    for (let ts = from; ts < now - 3_600_000; ts += 60_000) {
      service.queueReading({ deviceId: history.id, ts, powerW: 1_000, importWh: 0, exportWh: 0, voltageDv: 2_300, frequencyMhz: 50_000, socPm: null, tempDc: null, skewed: false, receivedAt: ts });
    }
    service.flush();
    const runs: number[] = [];
    let points = 0;
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const series = service.telemetry(history.id, from, now, 'auto', 10_000, now);
      runs.push(performance.now() - started);
      points = series.points.length;
    }
    runs.sort((a, b) => a - b);
    const historyQuery30dMs = round1(percentile(runs, 50));
    console.log(`history: 30 days → ${points} points (15-minute), median ${historyQuery30dMs} ms, worst ${round1(runs.at(-1)!)} ms`);

    // ---- command round trips ----
    const batteries = service.devices().filter((d) => d.type === 'battery');
    const roundTrips: number[] = [];
    const waiting = new Map<string, () => void>();
    const unsubscribe = bus.subscribe((name, payload) => {
      if (name !== 'devices.command') return;
      const view = payload as { id: string; status: string };
      if (view.status !== 'pending') waiting.get(view.id)?.();
    });
    let failedCommands = 0;
    for (let i = 0; i < COMMANDS; i++) {
      const device = batteries[i % batteries.length]!;
      const started = performance.now();
      let done!: () => void;
      const finished = new Promise<void>((resolve) => (done = resolve));
      const view = await service.sendCommand(device, { type: 'start' }, 'bench', commit);
      if (view.status === 'pending') {
        waiting.set(view.id, done);
        await finished;
      }
      roundTrips.push(performance.now() - started);
      if (service.commands(device.id, 1)[0]?.status !== 'acknowledged') failedCommands++;
    }
    unsubscribe();
    roundTrips.sort((a, b) => a - b);
    const commandRoundTripMs = { p50: round1(percentile(roundTrips, 50)), p99: round1(percentile(roundTrips, 99)) };
    console.log(`commands: ${COMMANDS} sent, ${failedCommands} not acknowledged; p50 ${commandRoundTripMs.p50} ms, p99 ${commandRoundTripMs.p99} ms`);

    console.log(JSON.stringify({ ingest: { ...ingest, drainMsgsPerSec: drainPerSec, sustained, ceilingMsgsPerSec: ceiling }, historyQuery30dMs, commandRoundTripMs }));
  } finally {
    child.send({ type: 'stop' } satisfies ToChild);
    await new Promise((r) => {
      child.once('exit', r);
      setTimeout(() => {
        child.kill('SIGKILL');
        r(undefined);
      }, 5_000).unref();
    });
    await service.stop();
    db.close();
    await broker.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

const fleetAt = process.argv.indexOf('--fleet');
if (fleetAt >= 0) {
  runFleet(process.argv[fleetAt + 1] ?? '').catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
} else {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
