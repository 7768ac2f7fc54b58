/**
 * `npm run build:contracts`: compiles contracts/*.sol with solc-js (offline), writes the artifacts
 * to contracts/artifacts/ and generates the typed ethers bindings (TypeChain) into
 * src-main/chain/contracts/ from them. Both are committed; test/chain/contracts-build.test.ts fails
 * when the sources and the committed artifacts disagree.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTypeChain } from 'typechain';
import { ARTIFACTS_DIR, artifactText, compileContracts } from './contracts/compile';

const BINDINGS_DIR = join(import.meta.dirname, '../src-main/chain/contracts');

const artifacts = compileContracts();
rmSync(ARTIFACTS_DIR, { recursive: true, force: true });
mkdirSync(ARTIFACTS_DIR, { recursive: true });
const files = artifacts.map((artifact) => {
  const path = join(ARTIFACTS_DIR, `${artifact.contractName}.json`);
  writeFileSync(path, artifactText(artifact));
  return path;
});
rmSync(BINDINGS_DIR, { recursive: true, force: true });
await runTypeChain({ cwd: join(import.meta.dirname, '..'), filesToProcess: files, allFiles: files, outDir: BINDINGS_DIR, target: 'ethers-v6' });
console.log(`${artifacts.length} contracts compiled with solc ${artifacts[0]?.compiler.version} for ${artifacts[0]?.compiler.evmVersion}; bindings in src-main/chain/contracts/`);
