/**
 * The one network the terminal settles on, and what it asks of the node: the chain id (checked when
 * the administrator sets the network and again before anything is signed, so a node swapped for
 * another chain never gets a signature), code at every contract address, and balances.
 */
import { FetchRequest, Interface, JsonRpcProvider, Network, parseUnits, type Wallet } from 'ethers';
import type { z } from 'zod';
import type { AccountView, BalancesView, NetworkInput, NetworkView } from '../../src-shared/contract/chain';
import { fail } from '../../src-shared/domain/errors';
import type { ChainRepo } from './chain-repo';
import { EnergyToken__factory, PaymentToken__factory } from './contracts';
import { HexData, HexQuantity, rpc, RpcError } from './rpc';
import { checkedAddress } from './wallet-service';

const ERC20 = new Interface([
  'function balanceOf(address) view returns (uint256)',
  'function decimals() view returns (uint8)',
  'function symbol() view returns (string)',
]);
const MAX_ALLOWANCE = 2n ** 256n - 1n;

/** A node's failure as the answer's reason, so the screens can say which it was. */
export function nodeFailure(err: unknown, url: string): never {
  if (!(err instanceof RpcError)) throw err;
  switch (err.fault) {
    case 'RPC_UNREACHABLE':
      return fail('REJECTED', err.message, { field: 'rpcUrl', reason: 'RPC_UNREACHABLE', params: { url } });
    case 'RPC_TIMEOUT':
      return fail('REJECTED', err.message, { field: 'rpcUrl', reason: 'RPC_TIMEOUT', params: { url } });
    case 'RPC_GARBAGE':
      return fail('REJECTED', err.message, { field: 'rpcUrl', reason: 'RPC_GARBAGE', params: { url } });
    case 'RPC_ERROR':
      return fail('REJECTED', err.message, { reason: 'RPC_REFUSED', params: { url } });
  }
}

export class NetworkService {
  private provider: { key: string; provider: JsonRpcProvider } | null = null;

  constructor(
    private readonly repo: ChainRepo,
    private readonly timeoutMs: number,
  ) {}

  get(): NetworkView | null {
    return this.repo.network();
  }

  private async ask<T>(url: string, method: string, params: unknown[], schema: z.ZodType<T>): Promise<T> {
    try {
      return await rpc(url, method, params, schema, this.timeoutMs);
    } catch (err) {
      return nodeFailure(err, url);
    }
  }

  private async chainIdOf(url: string): Promise<number> {
    return Number(await this.ask(url, 'eth_chainId', [], HexQuantity));
  }

  /** The input with checksummed addresses, once the node has the chain id and every contract has code. */
  async check(input: NetworkInput): Promise<NetworkInput> {
    const addresses = {
      energyToken: input.energyToken === null ? null : checkedAddress(input.energyToken, 'energyToken'),
      paymentToken: input.paymentToken === null ? null : checkedAddress(input.paymentToken, 'paymentToken'),
      settlement: input.settlement === null ? null : checkedAddress(input.settlement, 'settlement'),
    };
    const actual = await this.chainIdOf(input.rpcUrl);
    if (actual !== input.chainId) {
      fail('REJECTED', `The node at ${input.rpcUrl} is on chain ${actual}, not ${input.chainId}.`, { field: 'chainId', reason: 'CHAIN_ID_MISMATCH', params: { expected: input.chainId, actual } });
    }
    for (const [field, address] of Object.entries(addresses)) {
      if (address === null) continue;
      const code = await this.ask(input.rpcUrl, 'eth_getCode', [address, 'latest'], HexData);
      if (code === '0x') fail('REJECTED', `There is no contract at ${address} on chain ${actual}.`, { field, reason: 'NO_CONTRACT_CODE', params: { field, address } });
    }
    return { ...input, ...addresses };
  }

  private configured(): NetworkView {
    const network = this.repo.network();
    if (!network) return fail('REJECTED', 'No network is set up yet; an administrator sets it in the admin console.', { reason: 'NETWORK_NOT_SET' });
    return network;
  }

  /** The network, once its node has said it is still on the configured chain: signing needs this. */
  async forSigning(): Promise<NetworkView> {
    const network = this.configured();
    const actual = await this.chainIdOf(network.rpcUrl);
    if (actual !== network.chainId) {
      fail('REJECTED', `The node is on chain ${actual}, not the configured ${network.chainId}: nothing is signed.`, { reason: 'CHAIN_ID_MISMATCH', params: { expected: network.chainId, actual } });
    }
    return network;
  }

  private providerFor(network: NetworkView): JsonRpcProvider {
    const key = `${network.rpcUrl}#${network.chainId}`;
    if (this.provider?.key !== key) {
      this.provider?.provider.destroy();
      const request = new FetchRequest(network.rpcUrl);
      request.timeout = this.timeoutMs;
      // No answer cache (a stale nonce or balance is worse than a round trip), no batching, and the
      // network fixed: the chain id is checked by `forSigning` before each use.
      const provider = new JsonRpcProvider(request, Network.from(network.chainId), { staticNetwork: true, cacheTimeout: -1, batchMaxCount: 1 });
      provider.pollingInterval = 250;
      this.provider = { key, provider };
    }
    return this.provider.provider;
  }

  private async tokenCall(url: string, token: string, fn: 'balanceOf' | 'decimals' | 'symbol', args: unknown[]): Promise<string> {
    const data = await this.ask(url, 'eth_call', [{ to: token, data: ERC20.encodeFunctionData(fn, args) }, 'latest'], HexData);
    try {
      return String(ERC20.decodeFunctionResult(fn, data)[0]);
    } catch {
      return fail('REJECTED', `The token at ${token} answered ${fn} with something that is not an ERC-20 answer.`, { reason: 'RPC_GARBAGE', params: { url } });
    }
  }

  async balances(accounts: readonly AccountView[]): Promise<BalancesView> {
    const network = this.configured();
    const url = network.rpcUrl;
    const { energyToken, paymentToken } = network;
    const [energyDecimals, paymentDecimals, paymentSymbol] = await Promise.all([
      energyToken ? this.tokenCall(url, energyToken, 'decimals', []) : '3',
      paymentToken ? this.tokenCall(url, paymentToken, 'decimals', []) : '6',
      paymentToken ? this.tokenCall(url, paymentToken, 'symbol', []) : '',
    ]);
    const rows = await Promise.all(
      accounts.map(async (account) => {
        const [native, energy, payment] = await Promise.all([
          this.ask(url, 'eth_getBalance', [account.address, 'latest'], HexQuantity),
          energyToken ? this.tokenCall(url, energyToken, 'balanceOf', [account.address]) : null,
          paymentToken ? this.tokenCall(url, paymentToken, 'balanceOf', [account.address]) : null,
        ]);
        return { accountId: account.id, address: account.address, native: native.toString(), energy, payment };
      }),
    );
    return { chainId: network.chainId, energyDecimals: Number(energyDecimals), paymentDecimals: Number(paymentDecimals), paymentSymbol, accounts: rows };
  }

  /** Lets the settlement contract move the account's energy and payment tokens; the two transactions' hashes. */
  async approveSettlement(key: Wallet): Promise<string[]> {
    const network = await this.forSigning();
    const { energyToken, paymentToken, settlement } = network;
    if (!energyToken || !paymentToken || !settlement) return fail('REJECTED', 'The network has no token or settlement contract set.', { reason: 'CONTRACTS_NOT_SET' });
    const signer = key.connect(this.providerFor(network));
    const fees = { maxFeePerGas: parseUnits(String(network.maxFeeGwei), 'gwei'), maxPriorityFeePerGas: parseUnits(String(network.maxPriorityFeeGwei), 'gwei') };
    try {
      const nonce = await signer.getNonce('pending');
      const energy = await EnergyToken__factory.connect(energyToken, signer).approve(settlement, MAX_ALLOWANCE, { ...fees, nonce });
      const payment = await PaymentToken__factory.connect(paymentToken, signer).approve(settlement, MAX_ALLOWANCE, { ...fees, nonce: nonce + 1 });
      return [energy.hash, payment.hash];
    } catch (err) {
      if (err instanceof Error && 'code' in err && err.code === 'INSUFFICIENT_FUNDS') {
        return fail('REJECTED', 'The account has too little of the native coin to pay for gas.', { reason: 'INSUFFICIENT_GAS_FUNDS', params: { address: signer.address } });
      }
      if (err instanceof Error && 'code' in err && (err.code === 'TIMEOUT' || err.code === 'SERVER_ERROR' || err.code === 'NETWORK_ERROR')) {
        return fail('REJECTED', 'The node could not be reached while sending.', { reason: 'RPC_UNREACHABLE', params: { url: network.rpcUrl } });
      }
      throw err;
    }
  }

  /** Whether the configured node answers, and with the configured chain id (a node on another chain is as good as none). */
  async reachability(timeoutMs: number): Promise<'unset' | 'reachable' | 'unreachable'> {
    const network = this.repo.network();
    if (!network) return 'unset';
    try {
      const id = Number(await rpc(network.rpcUrl, 'eth_chainId', [], HexQuantity, Math.min(timeoutMs, this.timeoutMs)));
      return id === network.chainId ? 'reachable' : 'unreachable';
    } catch {
      return 'unreachable';
    }
  }

  close(): void {
    this.provider?.provider.destroy();
    this.provider = null;
  }
}
