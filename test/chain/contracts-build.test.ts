import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTypeChain } from 'typechain';
import { afterAll, describe, expect, it } from 'vitest';
import { ARTIFACTS_DIR, artifactText, compileContracts } from '../../scripts/contracts/compile';

const BINDINGS_DIR = join(import.meta.dirname, '../../src-main/chain/contracts');
const scratch = mkdtempSync(join(tmpdir(), 'griddesk-contracts-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) for (const [k, v] of Object.entries(filesUnder(path))) out[join(name, k)] = v;
    else out[name] = readFileSync(path, 'utf8');
  }
  return out;
}

describe('committed contract artifacts', () => {
  const built = compileContracts();

  it('are what the Solidity sources compile to (run `npm run build:contracts` after changing a contract)', () => {
    const committed = Object.fromEntries(readdirSync(ARTIFACTS_DIR).map((f) => [f, readFileSync(join(ARTIFACTS_DIR, f), 'utf8')]));
    const fresh = Object.fromEntries(built.map((a) => [`${a.contractName}.json`, artifactText(a)]));
    expect(committed).toEqual(fresh);
  }, 30_000);

  it('have the typed bindings TypeChain generates from them', async () => {
    mkdirSync(join(scratch, 'artifacts'), { recursive: true });
    const files = built.map((a) => {
      const path = join(scratch, 'artifacts', `${a.contractName}.json`);
      writeFileSync(path, artifactText(a));
      return path;
    });
    await runTypeChain({ cwd: scratch, filesToProcess: files, allFiles: files, outDir: join(scratch, 'bindings'), target: 'ethers-v6' });
    expect(filesUnder(BINDINGS_DIR)).toEqual(filesUnder(join(scratch, 'bindings')));
  }, 30_000);
});
