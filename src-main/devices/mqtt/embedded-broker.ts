import { createServer, type AddressInfo, type Server } from 'node:net';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import { isOwnTopic, ROOT } from './topics';

/** Who is on the other end of a connection to the embedded broker. */
export type Principal =
  | { kind: 'terminal' }
  | { kind: 'device'; site: string; name: string; /** Tasmota/Shelly topics this device publishes. */ mappedTopics: string[] };

export interface EmbeddedBrokerOptions {
  host: string;
  port: number;
  maxPayloadBytes: number;
  /** The terminal's own login, generated per start; it never leaves the process. */
  terminal: { username: string; password: string };
  /** Looks a device login up; resolves to null when it is not valid. */
  authenticateDevice(username: string, password: string): Promise<Principal | null>;
}

const DEVICE_PUBLISH = new Set(['birth', 'telemetry', 'status', 'cmd/res']);

/**
 * Topic ACL for devices: a device may publish only under its own `griddesk/<site>/<device>/`
 * (never to `cmd`, which is the terminal's), or to the topics its mapping names; it may subscribe only
 * to its own `cmd`, or to `cmnd/<its Tasmota topic>/#`-style filters of its mapping.
 */
export function mayPublish(p: Principal, topic: string): boolean {
  if (p.kind === 'terminal') return true;
  if (isOwnTopic(topic, p.site, p.name)) return DEVICE_PUBLISH.has(topic.slice(`${ROOT}/${p.site}/${p.name}/`.length));
  return p.mappedTopics.includes(topic);
}

export function maySubscribe(p: Principal, filter: string): boolean {
  if (p.kind === 'terminal') return true;
  if (filter === `${ROOT}/${p.site}/${p.name}/cmd`) return true;
  const level = filter.split('/')[1];
  return level !== undefined && !/[+#]/.test(level) && p.mappedTopics.some((t) => t.split('/')[1] === level) && !filter.startsWith(`${ROOT}/`);
}

/** CONNACK return code of MQTT 3.1.1 for a protocol version the broker does not speak. */
const UNACCEPTABLE_PROTOCOL = 1;

function authError(message: string): AuthenticateError {
  return Object.assign(new Error(message), { returnCode: 4 as const });
}

/**
 * An MQTT broker inside the terminal, for sites without one (aedes: MQTT 3.1.1 only). Off by default;
 * every connection must log in, and the ACL above keeps one device from speaking for another.
 */
export class EmbeddedBroker {
  private readonly principals = new WeakMap<Client, Principal>();
  readonly refused = { auth: 0, protocol: 0, publish: 0, subscribe: 0, oversized: 0 };

  private constructor(
    private readonly aedes: Aedes,
    private readonly server: Server,
  ) {}

  static async start(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
    const aedes = await Aedes.createBroker();
    const server = createServer(aedes.handle);
    const broker = new EmbeddedBroker(aedes, server);
    // aedes answers an MQTT 5 CONNECT with "unacceptable protocol version" (CONNACK code 1) and reports
    // it here; counted so an operator sees why a device never came online.
    aedes.on('connectionError', (_client, err) => {
      if ((err as Error & { errorCode?: number }).errorCode === UNACCEPTABLE_PROTOCOL) broker.refused.protocol++;
    });
    aedes.authenticate = (client, username, password, done) => {
      const secret = password?.toString('utf8') ?? '';
      if (username === options.terminal.username && secret === options.terminal.password) {
        broker.principals.set(client, { kind: 'terminal' });
        return done(null, true);
      }
      options
        .authenticateDevice(username ?? '', secret)
        .then((principal) => {
          if (!principal) {
            broker.refused.auth++;
            return done(authError('bad user name or password'), false);
          }
          broker.principals.set(client, principal);
          done(null, true);
        })
        .catch(() => done(authError('authentication failed'), false));
    };
    aedes.authorizePublish = (client, packet, done) => {
      const principal = client ? broker.principals.get(client) : { kind: 'terminal' as const };
      if (packet.payload.length > options.maxPayloadBytes) {
        broker.refused.oversized++;
        return done(new Error('payload too large'));
      }
      if (!principal || !mayPublish(principal, packet.topic)) {
        broker.refused.publish++;
        return done(new Error('not allowed to publish here'));
      }
      done(null);
    };
    aedes.authorizeSubscribe = (client, subscription, done) => {
      const principal = broker.principals.get(client);
      if (!principal || !maySubscribe(principal, subscription.topic)) {
        broker.refused.subscribe++;
        return done(null, null);
      }
      done(null, subscription);
    };
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return broker;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get clients(): number {
    return this.aedes.connectedClients;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.aedes.close(() => resolve()));
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
