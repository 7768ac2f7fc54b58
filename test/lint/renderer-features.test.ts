import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);

/** A small renderer tree: feature `b` offers `public.ts`, and the probes import it in allowed and forbidden ways. */
const FILES: Record<string, string> = {
  'src-renderer/src/features/b/store.ts': 'export const store = 1;\n',
  'src-renderer/src/features/b/public.ts': "export { store } from './store';\n",
  'src-renderer/src/features/b/index.ts': "import { store } from './store';\nexport const bPanels = [store];\n",
  'src-renderer/src/features/a/panels/Deep.ts': "import { store } from '../../b/store';\nexport const deep = store;\n",
  'src-renderer/src/features/a/panels/Panels.ts': "import { bPanels } from '../../b';\nexport const panels = bPanels;\n",
  'src-renderer/src/features/a/panels/Public.ts': "import { store } from '../../b/public';\nexport const ok = store;\n",
  'src-renderer/src/features/a/own.ts': "import { ok } from './panels/Public';\nexport const own = ok;\n",
  'src-renderer/src/app/Registry.ts': "import { bPanels } from '../features/b';\nimport { store } from '../features/b/public';\nexport const app = [bPanels, store];\n",
  'src-renderer/src/app/Deep.ts': "import { store } from '../features/b/store';\nexport const appDeep = store;\n",
  'src-renderer/src/ui/Upside.ts': "import { store } from '../features/b/public';\nexport const upside = store;\n",
};

let dir = '';
let violations: Array<{ rule: string; from: string; to: string }> = [];

beforeAll(async () => {
  const { cruise } = await import('dependency-cruiser');
  dir = mkdtempSync(join(tmpdir(), 'griddesk-features-'));
  for (const [path, code] of Object.entries(FILES)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), code);
  }
  const config = require(join(ROOT, '.dependency-cruiser.cjs')) as { forbidden: unknown[]; options: Record<string, unknown> };
  const { tsConfig: _project, ...options } = config.options;
  const result = await cruise(['src-renderer'], { ...options, validate: true, ruleSet: { forbidden: config.forbidden }, baseDir: dir } as never);
  const output = (typeof result.output === 'string' ? JSON.parse(result.output) : result.output) as {
    summary: { violations: Array<{ rule: { name: string }; from: string; to: string }> };
  };
  violations = output.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const from = (file: string) => violations.filter((v) => v.from === `src-renderer/src/${file}`).map((v) => v.rule);

describe('renderer feature boundaries (npm run lint:deps)', () => {
  it("refuses a feature reaching into another feature's files", () => {
    expect(from('features/a/panels/Deep.ts')).toEqual(['renderer-feature-public-only']);
  });

  it("refuses a feature importing another feature's panel list", () => {
    expect(from('features/a/panels/Panels.ts')).toEqual(['renderer-feature-public-only']);
  });

  it("lets a feature use another feature's public.ts and its own files", () => {
    expect(from('features/a/panels/Public.ts')).toEqual([]);
    expect(from('features/a/own.ts')).toEqual([]);
  });

  it("lets the app shell import a feature's index.ts and public.ts but not its files", () => {
    expect(from('app/Registry.ts')).toEqual([]);
    expect(from('app/Deep.ts')).toEqual(['renderer-app-feature-entries']);
  });

  it('refuses ui/ importing a feature', () => {
    expect(from('ui/Upside.ts')).toEqual(['renderer-shared-below-features']);
  });
});
