/**
 * A burst of refused calls against the real headless terminal (`serve`, its WebSocket, its SQLite
 * file): another client's call is still answered promptly, and the trail keeps a bounded record of
 * the burst (the first refusals of the source, then one summary row) that verifies intact.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { auditVerify } from '../audit/helpers';
import { removeDir, tempDir } from '../helpers/core';

const ROOT = join(import.meta.dirname, '../..');

type Result = { id: number; ok: boolean; value?: unknown; error?: { code: string } };

/** One WebSocket client: calls by id, answers matched by id. */
async function socketClient(url: string): Promise<{ send(method: string, input: unknown): Promise<Result>; sendText(text: string): Promise<Result>; close(): void }> {
  const socket = new WebSocket(`${url.replace('http', 'ws')}/ws`, { origin: url });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const waiting = new Map<number | null, (result: Result) => void>();
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { type: string } & Result;
    if (message.type === 'result') waiting.get(message.id)?.(message);
  });
  let next = 1;
  return {
    send(method, input) {
      const id = next++;
      const answered = new Promise<Result>((resolve) => waiting.set(id, resolve));
      socket.send(JSON.stringify({ id, method, input }));
      return answered;
    },
    /** A message that is not a request: answered with id null. */
    sendText(text) {
      const answered = new Promise<Result>((resolve) => waiting.set(null, resolve));
      socket.send(text);
      return answered;
    },
    close: () => socket.close(),
  };
}

describe('a burst of refused calls against serve', () => {
  it("does not hold up another client's call, and leaves a bounded, intact record of the burst", async () => {
    const data = tempDir();
    const webRoot = tempDir('griddesk-web-');
    mkdirSync(webRoot, { recursive: true });
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html>');
    // Node itself with tsx's loader, not the tsx launcher: the signal below reaches the terminal directly.
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src-main/hosts/serve.ts'), '--web-root', webRoot, '--port', '0', '--data', data], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const sockets: Array<{ close(): void }> = [];
    try {
      for (let i = 0; i < 400 && !/#\/setup\?token=[\w-]+/.test(output); i++) await new Promise((r) => setTimeout(r, 50));
      const url = /serving on (http:\/\/\S+)/.exec(output)![1]!;
      const token = /#\/setup\?token=([\w-]+)/.exec(output)![1]!;

      const admin = await socketClient(url);
      sockets.push(admin);
      expect(await admin.send('auth.setup', { username: 'admin', displayName: 'Ada', password: 'correct horse battery', setupToken: token })).toMatchObject({ ok: true });
      await admin.send('auth.users.create', { username: 'vera', displayName: 'Vera', password: 'vera-password-123', role: 'viewer' });
      const viewer = await socketClient(url);
      sockets.push(viewer);
      expect(await viewer.send('auth.login', { username: 'vera', password: 'vera-password-123' })).toMatchObject({ ok: true });

      const burst = Array.from({ length: 2_000 }, () => viewer.send('auth.users.list', {}));
      const sent = Date.now();
      const other = await admin.send('prefs.set', { key: 'theme', value: 'dark' });
      const waited = Date.now() - sent;
      const refused = await Promise.all(burst);
      expect(other).toMatchObject({ ok: true });
      expect(refused.every((r) => r.error?.code === 'FORBIDDEN')).toBe(true);
      // A generous bound, not a speed target: one fsync per refusal took 7 s here.
      expect(waited).toBeLessThan(3_000);

      // Refused before it is a call at all: the transport records it the same way.
      const stranger = await socketClient(url);
      sockets.push(stranger);
      expect(await stranger.sendText('not json')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    } finally {
      for (const socket of sockets) socket.close();
      child.kill('SIGTERM');
    }
    const code = await exited;
    expect(code, output).toBe(0);
    const db = new Database(join(data, 'griddesk.sqlite'), { readonly: true });
    const rows = db.prepare("SELECT type, payload FROM events WHERE actor = 'vera' AND type = 'refused'").all();
    const transport = db.prepare("SELECT payload FROM events WHERE type = 'refused' AND json_extract(payload, '$.method') = '(transport)'").pluck().all() as string[];
    const summaries = db.prepare("SELECT payload FROM events WHERE type = 'audit.refusals_suppressed'").pluck().all() as string[];
    db.close();
    expect(rows).toHaveLength(50);
    expect(transport.map((p) => JSON.parse(p) as unknown)).toEqual([expect.objectContaining({ code: 'BAD_REQUEST', role: null })]);
    expect(summaries.map((s) => (JSON.parse(s) as { suppressed: number }).suppressed).reduce((a, b) => a + b, 0)).toBe(1_950);
    expect(auditVerify(['--data', data]).verdict).toMatchObject({ ok: true });
    removeDir(data);
    removeDir(webRoot);
  }, 60_000);
});
