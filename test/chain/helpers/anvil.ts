import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { HDNodeWallet, JsonRpcProvider, Wallet } from 'ethers';
import { EVM_VERSION } from '../../../scripts/contracts/compile';

const require = createRequire(import.meta.url);

/** anvil's default test mnemonic: accounts 0…9 hold 10,000 ETH each on a fresh chain. */
export const ANVIL_MNEMONIC = 'test test test test test test test test test test test junk';
export const ANVIL_CHAIN_ID = 31337;

/** The anvil binary of the platform package @foundry-rs/anvil installed with npm (no download at run time). */
export function anvilBinary(): string {
  const platformPackage = `@foundry-rs/anvil-${process.platform}-${process.arch === 'x64' ? 'amd64' : process.arch}`;
  return join(dirname(require.resolve(`${platformPackage}/package.json`)), 'bin', 'anvil');
}

export interface Anvil {
  url: string;
  /** A provider without ethers' 250 ms answer cache and without request batching, for exact reads in tests. */
  provider: JsonRpcProvider;
  /** Test account `index` of the default mnemonic, connected to the provider. */
  signer(index: number): Wallet;
  stop(): Promise<void>;
}

export function providerFor(url: string): JsonRpcProvider {
  const provider = new JsonRpcProvider(url, undefined, { cacheTimeout: -1, batchMaxCount: 1, staticNetwork: true });
  provider.pollingInterval = 50;
  return provider;
}

/** Starts anvil on a free loopback port with the contracts' hardfork; resolves once it listens. */
export async function startAnvil(extraArgs: string[] = []): Promise<Anvil> {
  const child: ChildProcess = spawn(anvilBinary(), ['--port', '0', '--host', '127.0.0.1', '--hardfork', EVM_VERSION, '--chain-id', String(ANVIL_CHAIN_ID), ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`anvil did not start:\n${seen}`)), 15_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /Listening on (\S+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(`http://${match[1]}`);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (seen += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`anvil exited with ${code}:\n${seen}`));
    });
  });
  const provider = providerFor(url);
  const root = HDNodeWallet.fromPhrase(ANVIL_MNEMONIC, undefined, "m/44'/60'/0'/0");
  return {
    url,
    provider,
    signer: (index) => new Wallet(root.deriveChild(index).privateKey, provider),
    async stop() {
      provider.destroy();
      if (child.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}
