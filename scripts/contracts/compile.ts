import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

/** The contracts' Solidity sources, at the repository root. */
export const CONTRACTS_DIR = join(import.meta.dirname, '../../contracts');
/** What the build writes, committed: tests and the terminal never compile. */
export const ARTIFACTS_DIR = join(CONTRACTS_DIR, 'artifacts');

/**
 * The chain's hardfork. solc defaults to the newest EVM it knows, which a chain that has not
 * upgraded would refuse to run; anvil is started on the same one.
 */
export const EVM_VERSION = 'cancun';

export interface Artifact {
  contractName: string;
  sourceName: string;
  abi: unknown[];
  bytecode: string;
  compiler: { version: string; evmVersion: string; optimizerRuns: number };
  /** sha256 of every source the contract was built from (its own and the imported OpenZeppelin ones). */
  sources: Record<string, string>;
}

interface SolcOutput {
  errors?: Array<{ severity: string; formattedMessage: string }>;
  contracts: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>>;
  sources: Record<string, unknown>;
}

interface Solc {
  version(): string;
  compile(input: string, options: { import(path: string): { contents: string } | { error: string } }): string;
}

/** Imports resolve to node_modules (@openzeppelin/contracts, pinned in package-lock.json); nothing is fetched. */
function findImport(path: string): { contents: string } | { error: string } {
  try {
    return { contents: readFileSync(require.resolve(path), 'utf8') };
  } catch {
    return { error: `not found: ${path}` };
  }
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Compiles every contract in contracts/ with the solc-js of package-lock.json (offline, its own soljson). */
export function compileContracts(): Artifact[] {
  const solc = require('solc') as Solc;
  const files = readdirSync(CONTRACTS_DIR).filter((f) => f.endsWith('.sol')).sort();
  const sources = Object.fromEntries(files.map((f) => [f, { content: readFileSync(join(CONTRACTS_DIR, f), 'utf8') }]));
  const optimizerRuns = 200;
  const input = {
    language: 'Solidity',
    sources,
    settings: { evmVersion: EVM_VERSION, optimizer: { enabled: true, runs: optimizerRuns }, outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport })) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) throw new Error(`Solidity compilation failed:\n${errors.map((e) => e.formattedMessage).join('\n')}`);
  const usedSources = Object.fromEntries(
    Object.keys(output.sources)
      .sort()
      .map((name) => [name, sha256(sources[name]?.content ?? (findImport(name) as { contents: string }).contents)]),
  );
  return files.map((file) => {
    const contractName = file.replace(/\.sol$/, '');
    const built = output.contracts[file]?.[contractName];
    if (!built) throw new Error(`${file} does not define a contract named ${contractName}.`);
    return {
      contractName,
      sourceName: file,
      abi: built.abi,
      bytecode: `0x${built.evm.bytecode.object}`,
      compiler: { version: solc.version(), evmVersion: EVM_VERSION, optimizerRuns },
      sources: usedSources,
    };
  });
}

/** The artifact file's text, as committed: stable key order, one trailing newline. */
export function artifactText(artifact: Artifact): string {
  return `${JSON.stringify(artifact, null, 2)}\n`;
}
