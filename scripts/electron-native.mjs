#!/usr/bin/env node
// Electron runs its own Node ABI, while `npm run serve` and the tests use the system Node. Rather than
// rebuilding better-sqlite3 in place (which would break one or the other), build an Electron copy in
// .electron-native/ once per Electron version; the Electron core loads it through `nativeBinding`.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const electronPkg = join(root, 'node_modules/electron/package.json');
if (!existsSync(electronPkg)) {
  console.error('Electron is not installed. Run "npm install" first.');
  process.exit(1);
}
const electronVersion = JSON.parse(readFileSync(electronPkg, 'utf8')).version;
const target = join(root, '.electron-native');
const stamp = join(target, 'electron-version');
const binding = join(target, 'better-sqlite3/build/Release/better_sqlite3.node');

if (existsSync(binding) && existsSync(stamp) && readFileSync(stamp, 'utf8') === electronVersion) process.exit(0);

console.log(`Building better-sqlite3 for Electron ${electronVersion} (one time)…`);
rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
cpSync(join(root, 'node_modules/better-sqlite3'), join(target, 'better-sqlite3'), { recursive: true });
rmSync(join(target, 'better-sqlite3/build'), { recursive: true, force: true });
const cwd = join(target, 'better-sqlite3');
try {
  execFileSync('npx', ['--yes', 'prebuild-install', '--runtime', 'electron', '--target', electronVersion], { cwd, stdio: 'inherit' });
} catch {
  execFileSync('npx', ['--yes', 'node-gyp', 'rebuild', '--release', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers'], {
    cwd,
    stdio: 'inherit',
  });
}
writeFileSync(stamp, electronVersion);
