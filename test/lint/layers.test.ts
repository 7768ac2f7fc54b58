import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { DOMAINS as CONTRACT_DOMAINS } from '../../src-shared/contract/kit';
import { DOMAIN_DEPENDENCIES, DOMAINS, PACKAGE_CLASSES } from '../../scripts/lint/layers.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: ROOT });

/** The layering messages ESLint gives a file at `path` holding `code` (the file need not exist). */
async function layering(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'griddesk/layers' || m.ruleId === 'no-restricted-properties').map((m) => m.message);
}

describe('layer boundaries', () => {
  it('refuses I/O in the engine: node builtins, the store, packages and the clock', async () => {
    expect(await layering('src-main/engine/probe.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n")).toEqual([expect.stringContaining('The engine is pure')]);
    expect(await layering('src-main/engine/probe.ts', "import { openDatabase } from '../store/database';\nexport const f = openDatabase;\n")).toEqual([expect.stringContaining('The engine is pure')]);
    expect(await layering('src-main/engine/probe.ts', "import Database from 'better-sqlite3';\nexport const f = Database;\n")).toEqual([expect.stringContaining('The engine is pure')]);
    expect(await layering('src-main/engine/probe.ts', 'export const now = Date.now();\n')).toEqual([expect.stringContaining('time as an input')]);
    expect(await layering('src-main/engine/probe.ts', "import { MatchingEngine } from './engine';\nexport const f = MatchingEngine;\n")).toEqual([]);
  });

  it('refuses Node packages, the core and unclassified packages in the renderer', async () => {
    expect(await layering('src-renderer/src/probe.ts', "import Database from 'better-sqlite3';\nexport const f = Database;\n")).toEqual([expect.stringContaining('"better-sqlite3" is a node package')]);
    expect(await layering('src-renderer/src/probe.ts', "import mqtt from 'mqtt';\nexport const f = mqtt;\n")).toEqual([expect.stringContaining('"mqtt" is a node package')]);
    expect(await layering('src-renderer/src/probe.ts', "import { Core } from '../../src-main/core/core';\nexport type C = Core;\n")).toEqual([expect.stringContaining('may import only src-renderer and src-shared')]);
    expect(await layering('src-renderer/src/probe.ts', "import pad from 'left-pad';\nexport const f = pad;\n")).toEqual([expect.stringContaining('Unclassified dependency "left-pad"')]);
    expect(await layering('src-renderer/src/probe.ts', "import { create } from 'zustand';\nimport { calls } from '../../src-shared/contract';\nexport const f = [create, calls];\n")).toEqual([]);
  });

  it('lets the preload import only electron and src-shared', async () => {
    expect(await layering('src-preload/probe.ts', "import { Core } from '../src-main/core/core';\nexport type C = Core;\n")).toEqual([expect.stringContaining('only electron and src-shared')]);
    expect(await layering('src-preload/probe.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n")).toEqual([expect.stringContaining('only electron and src-shared')]);
    expect(await layering('src-preload/probe.ts', "import { ipcRenderer } from 'electron';\nimport { IPC_CALL } from '../src-shared/contract/wire';\nexport const f = [ipcRenderer, IPC_CALL];\n")).toEqual([]);
  });

  it('refuses a domain reaching into another domain, or into one it may not depend on', async () => {
    expect(await layering('src-main/risk/probe.ts', "import { OrdersRepo } from '../trading/orders-repo';\nexport const f = OrdersRepo;\n")).toEqual([expect.stringContaining('through src-main/trading/index.ts')]);
    expect(await layering('src-main/trading/probe.ts', "import { createRisk } from '../risk';\nexport const f = createRisk;\n")).toEqual([expect.stringContaining('may not depend on risk')]);
    expect(await layering('src-main/risk/probe.ts', "import { createTrading } from '../trading';\nexport const f = createTrading;\n")).toEqual([]);
  });

  it('keeps the kernel free of domains and the core free of Electron and the renderer', async () => {
    expect(await layering('src-main/store/probe.ts', "import { createTrading } from '../trading';\nexport const f = createTrading;\n")).toEqual([expect.stringContaining('kernel code: it knows no domain')]);
    expect(await layering('src-main/trading/probe.ts', "import { app } from 'electron';\nexport const f = app;\n")).toEqual([expect.stringContaining('"electron" is a electron package')]);
    expect(await layering('src-main/trading/probe.ts', "import { App } from '../../src-renderer/src/App';\nexport const f = App;\n")).toEqual([expect.stringContaining('another process')]);
  });

  it('keeps src-shared standalone: zod and itself only', async () => {
    expect(await layering('src-shared/domain/probe.ts', "import { DateTime } from 'luxon';\nexport const f = DateTime;\n")).toEqual([expect.stringContaining('nothing but zod')]);
    expect(await layering('src-shared/domain/probe.ts', "import { EventBus } from '../../src-main/api/event-bus';\nexport const f = EventBus;\n")).toEqual([expect.stringContaining('standalone')]);
  });
});

describe('the layer map', () => {
  it('names the same domains as the contract', () => {
    expect([...DOMAINS].sort()).toEqual([...CONTRACT_DOMAINS].sort());
  });

  it('lets domains depend on each other only without a cycle', () => {
    const deps = DOMAIN_DEPENDENCIES as Record<string, string[]>;
    const visiting = new Set<string>();
    const done = new Set<string>();
    const cycleFrom = (domain: string, path: string[]): string[] | null => {
      if (done.has(domain)) return null;
      if (visiting.has(domain)) return [...path, domain];
      visiting.add(domain);
      for (const next of deps[domain] ?? []) {
        const cycle = cycleFrom(next, [...path, domain]);
        if (cycle) return cycle;
      }
      visiting.delete(domain);
      done.add(domain);
      return null;
    };
    for (const domain of Object.keys(deps)) expect(cycleFrom(domain, [])).toBeNull();
  });

  it('classifies every dependency in package.json', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    const declared = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)].filter((name) => !name.startsWith('@types/'));
    expect(declared.filter((name) => !(name in PACKAGE_CLASSES))).toEqual([]);
  });
});

describe('import cycles', () => {
  it('are found by the dependency check that npm test runs', async () => {
    const { cruise } = await import('dependency-cruiser');
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'griddesk-cycle-'));
    try {
      writeFileSync(join(dir, 'a.ts'), "import { b } from './b';\nexport const a = () => b;\n");
      writeFileSync(join(dir, 'b.ts'), "import { a } from './a';\nexport const b = () => a;\n");
      writeFileSync(join(dir, 'c.ts'), "import type { a } from './d';\nexport const c = (x: typeof a) => x;\n");
      writeFileSync(join(dir, 'd.ts'), "import type { c } from './c';\nexport const a = (x: typeof c) => x;\n");
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const config = require(join(ROOT, '.dependency-cruiser.cjs')) as { forbidden: unknown[]; options: Record<string, unknown> };
      const { tsConfig: _project, ...options } = config.options;
      const result = await cruise(['.'], { ...options, validate: true, ruleSet: { forbidden: config.forbidden }, baseDir: dir } as never);
      const output = typeof result.output === 'string' ? JSON.parse(result.output) : result.output;
      const cyclic = (output.summary.violations as Array<{ rule: { name: string }; from: string }>).filter((v) => v.rule.name === 'no-cycle').map((v) => v.from).sort();
      // The runtime pair is a cycle; the type-only pair vanishes at compile time and is allowed.
      expect(cyclic.length).toBeGreaterThan(0);
      expect(cyclic.every((file) => file === 'a.ts' || file === 'b.ts')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
