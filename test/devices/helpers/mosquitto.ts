import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const MOSQUITTO = process.env.MOSQUITTO_PATH ?? '/usr/sbin/mosquitto';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * A private Mosquitto on a free loopback port with its own config and persistence folder, so tests
 * never share a broker. `stop()` then `start()` restarts it on the same port with the same stored
 * sessions (a broker outage).
 */
export class Mosquitto {
  private child: ChildProcess | null = null;
  readonly dir = mkdtempSync(join(tmpdir(), 'griddesk-mosquitto-'));

  private constructor(readonly port: number) {}

  static async start(): Promise<Mosquitto> {
    const broker = new Mosquitto(await freePort());
    writeFileSync(
      join(broker.dir, 'mosquitto.conf'),
      [
        `listener ${broker.port} 127.0.0.1`,
        'allow_anonymous true',
        'persistence true',
        `persistence_location ${broker.dir}/`,
        // Our persistent session must hold a burst of telemetry while the terminal is away.
        'max_queued_messages 1000000',
        'max_inflight_messages 0',
        // Small command packets must not wait for Nagle's algorithm.
        'set_tcp_nodelay true',
        'log_type error',
        `log_dest file ${join(broker.dir, 'mosquitto.log')}`,
        '',
      ].join('\n'),
    );
    await broker.start();
    return broker;
  }

  /** The broker's process id while it runs (the bench reads its CPU time from /proc). */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(MOSQUITTO, ['-c', join(this.dir, 'mosquitto.conf')], { stdio: 'ignore' });
    this.child = child;
    for (let i = 0; i < 100; i++) {
      if (child.exitCode !== null) throw new Error(`mosquitto exited with ${child.exitCode}`);
      if (await canConnect(this.port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('mosquitto did not start');
  }

  /** SIGTERM lets Mosquitto save its sessions, like a clean broker restart. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
