// The layering of GridDesk, checked on every import by one ESLint rule (`griddesk/layers`).
//
// As in VS Code's layering lint and Signal Desktop's file rules: every file belongs to one layer by
// its folder, every npm package is classified by where it can run, and a layer may import only the
// layers and package classes listed for it. One rule holds all of it, so no later config block can
// silently replace an earlier one (ESLint's flat config replaces a rule's options, it does not add).
import { builtinModules } from 'node:module';
import { posix } from 'node:path';

/** The domains of the core: each is a folder of src-main, a contract module, a call prefix, a renderer feature and a locale folder. */
export const DOMAINS = ['auth', 'prefs', 'alerts', 'audit', 'health', 'trading', 'marketdata', 'risk', 'forecast', 'reports', 'devices', 'delivery', 'chain', 'sync', 'settings', 'updates'];

/**
 * Which domains a domain may use, through the other domain's `index.ts` (its ports) only. Kept
 * acyclic (a test checks it), so no two domains can come to depend on each other.
 */
export const DOMAIN_DEPENDENCIES = {
  auth: [],
  prefs: [],
  alerts: ['trading'],
  audit: [],
  health: [],
  trading: [],
  marketdata: ['trading', 'auth'],
  risk: ['trading', 'auth', 'marketdata'],
  forecast: ['marketdata'],
  reports: ['risk'],
  devices: [],
  delivery: ['trading', 'auth', 'devices'],
  chain: ['trading', 'devices', 'delivery'],
  sync: ['auth'],
  settings: [],
  updates: [],
};

/** Pure libraries of src-main: no I/O, shared by domains. `engine` is the matching engine, purer still. */
export const LIBRARIES = ['engine', 'market', 'math'];

/**
 * Where each npm package can run. An import of a package missing here fails lint, so adding a
 * dependency means deciding this first:
 * - node: only in the core (Node or Electron's utility process);
 * - browser: only in the renderer;
 * - shared: pure JavaScript that runs anywhere;
 * - electron: the Electron main process and the preload;
 * - tooling: tests, benchmarks, build and lint only.
 */
export const PACKAGE_CLASSES = {
  aedes: 'node',
  'bidi-js': 'shared',
  selfsigned: 'node',
  ethers: 'node',
  fastify: 'node',
  'node-pg-migrate': 'node',
  otpauth: 'node',
  pg: 'node',
  qrcode: 'shared',
  'better-sqlite3': 'node',
  'csv-parse': 'shared',
  'csv-stringify': 'shared',
  exceljs: 'shared',
  'fast-xml-parser': 'shared',
  luxon: 'shared',
  mqtt: 'node',
  pdfkit: 'node',
  'pure-rand': 'shared',
  sirv: 'node',
  ws: 'node',
  zod: 'shared',
  '@tanstack/react-virtual': 'browser',
  'dockview-react': 'browser',
  i18next: 'browser',
  'lightweight-charts': 'browser',
  react: 'browser',
  'react-dom': 'browser',
  'react-i18next': 'browser',
  zustand: 'browser',
  electron: 'electron',
  'electron-builder': 'tooling',
  'electron-vite': 'tooling',
  '@eslint/js': 'tooling',
  '@axe-core/playwright': 'tooling',
  '@foundry-rs/anvil': 'tooling',
  '@openzeppelin/contracts': 'tooling',
  solc: 'tooling',
  typechain: 'tooling',
  '@typechain/ethers-v6': 'tooling',
  '@playwright/test': 'tooling',
  '@vitejs/plugin-react': 'tooling',
  'dependency-cruiser': 'tooling',
  eslint: 'tooling',
  'eslint-plugin-react-hooks': 'tooling',
  'fast-check': 'tooling',
  globals: 'tooling',
  'nodejs-order-book': 'tooling',
  'playwright-core': 'tooling',
  tsx: 'tooling',
  typescript: 'tooling',
  'typescript-eslint': 'tooling',
  vite: 'tooling',
  vitest: 'tooling',
};

/** Which package classes a layer may import (node builtins count as 'node'). */
const PACKAGES_OF_LAYER = {
  shared: ['zod-only'],
  renderer: ['browser', 'shared'],
  preload: ['electron'],
  'electron-main': ['electron', 'node', 'shared'],
  engine: [],
  library: ['shared'],
  kernel: ['node', 'shared'],
  domain: ['node', 'shared'],
  tooling: ['node', 'shared', 'browser', 'electron', 'tooling'],
};

const KERNEL = ['api', 'store', 'core', 'server', 'hosts'];

/** The layer of a repository path (posix, relative to the repository root), or null when no rule applies. */
export function layerOf(path) {
  const [top, folder] = path.split('/');
  if (top === 'src-shared') return { layer: 'shared', folder };
  if (top === 'src-renderer') return { layer: 'renderer', folder };
  if (top === 'src-preload') return { layer: 'preload', folder };
  if (top === 'src-main') {
    if (folder === 'electron') return { layer: 'electron-main', folder };
    if (folder === 'engine') return { layer: 'engine', folder };
    if (LIBRARIES.includes(folder)) return { layer: 'library', folder };
    if (DOMAINS.includes(folder)) return { layer: 'domain', folder };
    if (KERNEL.includes(folder)) return { layer: 'kernel', folder };
    return { layer: 'kernel', folder };
  }
  if (['test', 'bench', 'scripts'].includes(top) || !path.includes('/')) return { layer: 'tooling', folder };
  return null;
}

function packageNameOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Why `from` may not import a package, or null when it may. */
function packageRefusal(from, specifier) {
  const name = specifier.replace(/^node:/, '');
  const builtin = specifier.startsWith('node:') || builtinModules.includes(packageNameOf(name));
  const pkg = packageNameOf(specifier);
  const cls = builtin ? 'node' : PACKAGE_CLASSES[pkg];
  if (cls === undefined) return `Unclassified dependency "${pkg}": add it to PACKAGE_CLASSES in scripts/lint/layers.mjs (node, browser, shared, electron or tooling).`;
  const allowed = PACKAGES_OF_LAYER[from.layer];
  if (from.layer === 'shared') return pkg === 'zod' ? null : 'src-shared depends on nothing but zod: every process imports it.';
  if (from.layer === 'engine') return 'The engine is pure: no I/O and no packages; time, ids and randomness are its inputs.';
  if (allowed.includes(cls)) return null;
  if (from.layer === 'renderer') return `The renderer runs in a sandboxed page: "${pkg}" is a ${cls} package. Go through the contract.`;
  if (from.layer === 'preload') return 'The preload may import only electron and src-shared.';
  if (from.layer === 'library') return `src-main/${from.folder} is a pure library: "${pkg}" (${cls}) does I/O or needs a process.`;
  return `"${pkg}" is a ${cls} package; ${from.layer} code in src-main/${from.folder} cannot use it.`;
}

/** Why `fromPath` may not import `targetPath` (both repository paths), or null when it may. */
export function fileRefusal(fromPath, targetPath) {
  const from = layerOf(fromPath);
  const to = layerOf(targetPath);
  if (!from || !to || from.layer === 'tooling') return null;
  const sameFolder = to.layer === from.layer && to.folder === from.folder;
  const sharedDomain = targetPath.startsWith('src-shared/domain/');
  switch (from.layer) {
    case 'shared':
      return to.layer === 'shared' ? null : 'src-shared must stay standalone: it imports nothing of the processes.';
    case 'renderer':
      return to.layer === 'renderer' || to.layer === 'shared' ? null : 'The renderer may import only src-renderer and src-shared: the core is behind the contract.';
    case 'preload':
      return to.layer === 'shared' || to.layer === 'preload' ? null : 'The preload may import only electron and src-shared.';
    case 'electron-main':
      return to.layer === 'electron-main' || to.layer === 'shared' ? null : 'The Electron main process talks to the core through its utility process, not by importing it.';
    case 'engine':
      return sameFolder || sharedDomain ? null : 'The engine is pure: it imports nothing but itself and src-shared/domain (no store, no services).';
    case 'library':
      if (to.layer === 'shared' || to.layer === 'library' || to.layer === 'engine') return null;
      return `src-main/${from.folder} is a pure library: it cannot import ${targetPath.split('/').slice(0, 2).join('/')}.`;
    case 'kernel':
      return kernelRefusal(from.folder, to, targetPath);
    case 'domain':
      return domainRefusal(from.folder, to, targetPath);
    default:
      return null;
  }
}

function kernelRefusal(folder, to, targetPath) {
  if (to.layer === 'shared' || (to.layer === 'kernel' && to.folder === folder)) return null;
  if (to.layer === 'renderer' || to.layer === 'preload' || to.layer === 'electron-main') return 'The core cannot import another process’s code.';
  // The composition root creates every domain, through each one's index.ts.
  if (folder === 'core') {
    if (to.layer === 'domain') return targetPath === `src-main/${to.folder}/index.ts` ? null : `The composition root uses a domain only through src-main/${to.folder}/index.ts.`;
    return null;
  }
  if (to.layer === 'domain') return `src-main/${folder} is kernel code: it knows no domain (the composition root in src-main/core wires them).`;
  if (folder === 'store') return to.layer === 'kernel' && to.folder === 'store' ? null : 'The store depends on nothing above it.';
  if (folder === 'api') return ['store'].includes(to.folder) || targetPath === 'src-main/core/clock.ts' ? null : `src-main/api may use the store and the clock, not ${targetPath}.`;
  return null;
}

function domainRefusal(folder, to, targetPath) {
  if (to.layer === 'shared' || to.layer === 'library' || to.layer === 'engine') return null;
  if (to.layer === 'domain') {
    if (to.folder === folder) return null;
    if (!DOMAIN_DEPENDENCIES[folder].includes(to.folder)) {
      return `The ${folder} domain may not depend on ${to.folder} (allowed: ${DOMAIN_DEPENDENCIES[folder].join(', ') || 'no other domain'}; see DOMAIN_DEPENDENCIES).`;
    }
    return targetPath === `src-main/${to.folder}/index.ts` ? null : `Use the ${to.folder} domain through src-main/${to.folder}/index.ts (its ports), not ${targetPath}.`;
  }
  if (to.layer === 'kernel') {
    if (to.folder === 'api' || to.folder === 'store' || targetPath === 'src-main/core/clock.ts') return null;
    return `A domain may use the router's API, the store and the clock, not ${targetPath}.`;
  }
  return 'The core cannot import another process’s code.';
}

const EXTENSIONS = ['.ts', '.tsx', '/index.ts', '/index.tsx'];

/** The repository path an import names, given the set of files that exist (tests pass their own). */
function resolveRelative(fromPath, specifier, exists) {
  const base = posix.normalize(posix.join(posix.dirname(fromPath), specifier));
  if (exists(base) && /\.[cm]?[jt]sx?$/.test(base)) return base;
  for (const ext of EXTENSIONS) if (exists(base + ext)) return base + ext;
  // An unresolvable import is the compiler's to report; the path still tells its layer.
  return /\.[a-z]+$/.test(base) ? base : `${base}.ts`;
}

export function layersPlugin({ root, exists }) {
  const rule = {
    meta: { type: 'problem', schema: [], docs: { description: 'Imports follow the layers and domains of GridDesk.' } },
    create(context) {
      const fromPath = posix.relative(root.split('\\').join('/'), context.filename.split('\\').join('/'));
      const from = layerOf(fromPath);
      if (!from) return {};
      const check = (node, specifier) => {
        if (typeof specifier !== 'string') return;
        let message;
        if (specifier.startsWith('.')) message = fileRefusal(fromPath, resolveRelative(fromPath, specifier, (p) => exists(posix.join(root, p))));
        else if (from.layer !== 'tooling') message = packageRefusal(from, specifier);
        else if (PACKAGE_CLASSES[packageNameOf(specifier)] === undefined && !specifier.startsWith('node:') && !builtinModules.includes(packageNameOf(specifier))) {
          message = packageRefusal(from, specifier);
        }
        if (message) context.report({ node, message });
      };
      return {
        ImportDeclaration: (node) => check(node.source, node.source.value),
        ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
        ExportAllDeclaration: (node) => check(node.source, node.source.value),
        ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      };
    },
  };
  return { rules: { layers: rule } };
}
