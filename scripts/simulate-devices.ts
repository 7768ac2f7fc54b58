/**
 * Simulated GridDesk devices on an MQTT broker:
 *
 *   npm run simulate:devices -- --count 500 --broker mqtt://127.0.0.1:1883 [--interval 1000] [--crash 0.02] [--seed 1]
 *
 * Solar follows a daylight curve, wind wanders, meters draw a household load, batteries answer
 * charge/discharge commands within their limits. `--crash` makes that share of devices die without
 * DISCONNECT every minute, so the broker publishes their last will (status offline). Ctrl+C stops.
 * The fleet itself lives in src-main/devices/simulator so tests and the bench reuse it.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Fleet } from '../src-main/devices/simulator/fleet';

export { Fleet, fleetSpecs, seededRandom } from '../src-main/devices/simulator/fleet';
export { SimDevice, type SimDeviceSpec } from '../src-main/devices/simulator/sim-device';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '500' },
      broker: { type: 'string', default: 'mqtt://127.0.0.1:1883' },
      interval: { type: 'string', default: '1000' },
      crash: { type: 'string', default: '0.02' },
      seed: { type: 'string', default: '1' },
      username: { type: 'string' },
      password: { type: 'string' },
    },
  });
  const count = Number(values.count);
  const interval = Number(values.interval);
  const crash = Number(values.crash);
  if (!Number.isInteger(count) || count < 1 || !(interval >= 10) || !(crash >= 0 && crash <= 1)) {
    console.error('usage: simulate-devices --count N --broker URL [--interval ms>=10] [--crash 0..1] [--seed N]');
    process.exit(2);
  }
  const login = values.username !== undefined ? { username: values.username, password: values.password ?? '' } : undefined;
  const fleet = await Fleet.connect({ url: values.broker, count, seed: Number(values.seed), ...(login ? { login: () => login } : {}) });
  console.log(`${count} devices connected to ${values.broker}; telemetry every ${interval} ms. Ctrl+C stops.`);
  fleet.run(interval);
  const crasher = setInterval(() => {
    const victims = fleet.crash(crash);
    if (victims.length > 0) console.log(`${victims.length} device(s) went offline via last will`);
  }, 60_000);
  const stop = async () => {
    clearInterval(crasher);
    await fleet.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
