/**
 * Simulated GridDesk devices on an MQTT broker.
 *
 *   On the terminal's embedded broker (MQTT 3.1.1, one login per device), with the logins file an admin
 *   downloads from Devices → Registry → "Issue logins":
 *     npm run simulate:devices -- --credentials griddesk-device-logins.json --broker mqtt://127.0.0.1:1884
 *   On a broker of the site's own (e.g. Mosquitto) with a generated fleet:
 *     npm run simulate:devices -- --count 500 --broker mqtt://127.0.0.1:1883 [--protocol 4|5|mixed]
 *       [--username U --password P] [--interval 1000] [--crash 0.02] [--seed 1]
 *
 * Solar follows a daylight curve, wind wanders, meters draw a household load, batteries answer
 * charge/discharge commands within their limits. `--crash` makes that share of devices die without
 * DISCONNECT every minute, so the broker publishes their last will (status offline). Ctrl+C stops.
 * The fleet itself lives in src-main/devices/simulator so tests and the bench reuse it.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DeviceLoginsFileSchema, type DeviceLogin } from '../src-shared/contract/devices-logins';
import { Fleet, type FleetProtocol } from '../src-main/devices/simulator/fleet';
import type { SimDeviceSpec } from '../src-main/devices/simulator/sim-device';

export { Fleet, fleetSpecs, seededRandom } from '../src-main/devices/simulator/fleet';
export { SimDevice, type SimDeviceSpec } from '../src-main/devices/simulator/sim-device';

const USAGE = `usage: simulate-devices (--credentials FILE | --count N) [--broker URL] [--protocol 4|5|mixed]
       [--username U --password P] [--interval ms>=10] [--crash 0..1] [--seed N]`;

class UsageError extends Error {}

interface Plan {
  url: string;
  devices: number | SimDeviceSpec[];
  logins: Map<string, { username: string; password: string }> | null;
  sharedLogin: { username: string; password: string } | null;
  protocol: FleetProtocol;
  interval: number;
  crash: number;
  seed: number;
}

function parseProtocol(text: string | undefined, fallback: FleetProtocol): FleetProtocol {
  if (text === undefined) return fallback;
  if (text === '4' || text === '3.1.1') return 4;
  if (text === '5') return 5;
  if (text === 'mixed') return 'mixed';
  throw new UsageError(`--protocol must be 4 (MQTT 3.1.1), 5 or mixed, not "${text}"`);
}

/** The devices of a logins file, as the terminal registered them, each with its own login. */
function readLogins(path: string, protocol: 4 | 5): { specs: SimDeviceSpec[]; logins: Plan['logins']; brokerPort: number | null } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read the logins file ${path}: ${(err as Error).message}`);
  }
  const parsed = DeviceLoginsFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`${path} is not a GridDesk logins file (${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'})`);
  }
  const logins = new Map<string, { username: string; password: string }>();
  const specs = parsed.data.devices.map((d: DeviceLogin): SimDeviceSpec => {
    logins.set(`${d.site}/${d.name}`, { username: d.username, password: d.password });
    return {
      site: d.site,
      name: d.name,
      type: d.type,
      ratedPowerW: d.ratedPowerW,
      protocol,
      ...(d.capacityWh !== null ? { capacityWh: d.capacityWh, initialSocPct: 50 } : {}),
      ...(d.maxChargeW !== null ? { maxChargeW: d.maxChargeW } : {}),
      ...(d.maxDischargeW !== null ? { maxDischargeW: d.maxDischargeW } : {}),
    };
  });
  return { specs, logins, brokerPort: parsed.data.brokerPort };
}

export function planFromArgs(args: string[]): Plan {
  const { values } = parseArgs({
    args,
    options: {
      credentials: { type: 'string' },
      count: { type: 'string' },
      broker: { type: 'string' },
      protocol: { type: 'string' },
      interval: { type: 'string', default: '1000' },
      crash: { type: 'string', default: '0.02' },
      seed: { type: 'string', default: '1' },
      username: { type: 'string' },
      password: { type: 'string' },
    },
  });
  const interval = Number(values.interval);
  const crash = Number(values.crash);
  const seed = Number(values.seed);
  if (!(interval >= 10)) throw new UsageError('--interval must be at least 10 ms');
  if (!(crash >= 0 && crash <= 1)) throw new UsageError('--crash must be a share between 0 and 1');
  if (!Number.isInteger(seed)) throw new UsageError('--seed must be an integer');
  const sharedLogin = values.username !== undefined ? { username: values.username, password: values.password ?? '' } : null;
  if (values.credentials !== undefined) {
    if (values.count !== undefined) throw new UsageError('--count and --credentials exclude each other: the file names the devices');
    if (sharedLogin) throw new UsageError('--username and --credentials exclude each other: the file gives each device its login');
    const protocol = parseProtocol(values.protocol, 4);
    if (protocol === 'mixed') throw new UsageError('--protocol mixed needs a generated fleet (--count)');
    const file = readLogins(values.credentials, protocol);
    const url = values.broker ?? (file.brokerPort !== null ? `mqtt://127.0.0.1:${file.brokerPort}` : undefined);
    if (url === undefined) throw new UsageError('--broker is needed: the logins file was issued while the embedded broker was off');
    return { url, devices: file.specs, logins: file.logins, sharedLogin: null, protocol, interval, crash, seed };
  }
  const count = Number(values.count ?? '500');
  if (!Number.isInteger(count) || count < 1) throw new UsageError('--count must be a whole number of devices, at least 1');
  return {
    url: values.broker ?? 'mqtt://127.0.0.1:1883',
    devices: count,
    logins: null,
    sharedLogin,
    protocol: parseProtocol(values.protocol, 'mixed'),
    interval,
    crash,
    seed,
  };
}

/** The broker's refusal in words that say what to change. */
export function connectFailure(err: unknown, url: string): string {
  const code = (err as { code?: number }).code;
  const message = (err as Error).message ?? String(err);
  if (code === 1 || /protocol version/i.test(message)) {
    return `${url} refused the MQTT version ("${message}"). The terminal's embedded broker speaks MQTT 3.1.1 only: use --protocol 4.`;
  }
  if (code === 4 || code === 5 || code === 134 || code === 135 || /not authori|bad user/i.test(message)) {
    return `${url} refused a device's login ("${message}"). Issue fresh logins (Devices → Registry → Issue logins) and pass the file with --credentials.`;
  }
  return `cannot connect to ${url}: ${message}`;
}

async function main(): Promise<void> {
  let plan: Plan;
  try {
    plan = planFromArgs(process.argv.slice(2));
  } catch (err) {
    console.error(err instanceof UsageError || err instanceof TypeError ? `${(err as Error).message}\n${USAGE}` : err);
    process.exit(2);
  }
  const { logins, sharedLogin } = plan;
  let fleet: Fleet;
  try {
    fleet = await Fleet.connect({
      url: plan.url,
      devices: plan.devices,
      seed: plan.seed,
      protocol: plan.protocol,
      ...(logins ? { login: (spec: SimDeviceSpec) => logins.get(`${spec.site}/${spec.name}`)! } : sharedLogin ? { login: () => sharedLogin } : {}),
    });
  } catch (err) {
    console.error(connectFailure(err, plan.url));
    process.exit(1);
  }
  console.log(`${fleet.devices.length} devices connected to ${plan.url}; telemetry every ${plan.interval} ms. Ctrl+C stops.`);
  fleet.run(plan.interval);
  const crasher = setInterval(() => {
    const victims = fleet.crash(plan.crash);
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
  void main();
}
