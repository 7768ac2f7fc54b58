#!/usr/bin/env node
// `npm run serve`: builds the terminal when its sources are newer than the last build, then runs the
// headless core with the UI served over HTTP + WebSocket. Arguments pass through (--port, --host, --data).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const SOURCES = ['src-main', 'src-renderer', 'src-preload', 'src-shared', 'locales', 'electron.vite.config.ts', 'package.json'];
const BUILT = join(root, 'out/main/serve.js');

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

function needsBuild() {
  if (!existsSync(BUILT) || !existsSync(join(root, 'out/renderer/index.html'))) return true;
  const built = statSync(BUILT).mtimeMs;
  return SOURCES.some((source) => existsSync(join(root, source)) && newest(join(root, source)) > built);
}

if (needsBuild()) {
  console.log('Building GridDesk…');
  const build = spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const child = spawn(process.execPath, [BUILT, ...process.argv.slice(2)], { stdio: 'inherit' });
// The terminal shuts down cleanly on these; pass them on rather than dying around it.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
