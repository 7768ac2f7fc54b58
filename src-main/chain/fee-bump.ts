/**
 * Fees for settlement transactions, and the replacement of one that is stuck.
 *
 * A batch goes out with the node's suggested tip and twice the base fee as its fee cap, both kept
 * under the administrator's caps (the network settings), so there is room to raise them. A
 * transaction not mined `afterBlocks` blocks or `afterMs` after it was sent is stuck: it is signed
 * again with the same nonce, the same call, and both fees raised by an eighth (nodes take a
 * replacement only when both rise by at least a tenth, EIP-1559's pool rule). A raise past either
 * cap is refused with FEE_CAP_REACHED: the terminal never pays more than the administrator allowed.
 *
 * Pure but for the signature: the time and the head are the caller's, never read here.
 */
import { keccak256, Transaction, type Wallet } from 'ethers';

export interface FeeBumpPolicy {
  /** Blocks mined since a transaction was sent, without it, after which it counts as stuck. */
  afterBlocks: number;
  /** Time since it was sent after which it counts as stuck, whatever the blocks (a node that mines slowly or not at all). */
  afterMs: number;
}

export const DEFAULT_FEE_BUMP: FeeBumpPolicy = { afterBlocks: 5, afterMs: 180_000 };

export interface Fees {
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

const GWEI = 1_000_000_000n;

/** The network settings' fee caps in wei. */
export function feeCaps(network: { maxFeeGwei: number; maxPriorityFeeGwei: number }): Fees {
  return { maxFeePerGas: BigInt(network.maxFeeGwei) * GWEI, maxPriorityFeePerGas: BigInt(network.maxPriorityFeeGwei) * GWEI };
}

/** A first transaction's fees: the suggested tip and twice the base fee on top, each under its cap (the tip never above the fee cap). */
export function initialFees(baseFeePerGas: bigint, suggestedTip: bigint, caps: Fees): Fees {
  const tip = suggestedTip < caps.maxPriorityFeePerGas ? suggestedTip : caps.maxPriorityFeePerGas;
  const wanted = 2n * baseFeePerGas + tip;
  const maxFeePerGas = wanted < caps.maxFeePerGas ? wanted : caps.maxFeePerGas;
  return { maxFeePerGas, maxPriorityFeePerGas: tip < maxFeePerGas ? tip : maxFeePerGas };
}

/** An eighth more, rounded up, and at least one wei more (a zero tip must rise too). */
function raised(wei: bigint): bigint {
  const up = (wei * 9n + 7n) / 8n;
  return up > wei ? up : wei + 1n;
}

export type BumpAnswer = { ok: true; fees: Fees } | { ok: false; reason: 'FEE_CAP_REACHED'; params: { wanted: Fees; caps: Fees } };

/** The replacement's fees, both raised by an eighth; refused when either would pass its cap. */
export function bumpedFees(current: Fees, caps: Fees): BumpAnswer {
  const wanted = { maxFeePerGas: raised(current.maxFeePerGas), maxPriorityFeePerGas: raised(current.maxPriorityFeePerGas) };
  if (wanted.maxFeePerGas > caps.maxFeePerGas || wanted.maxPriorityFeePerGas > caps.maxPriorityFeePerGas) return { ok: false, reason: 'FEE_CAP_REACHED', params: { wanted, caps } };
  return { ok: true, fees: wanted };
}

/** Whether a transaction sent at `sentAt` (head `sentBlock` then; null when unknown) and still unmined counts as stuck. */
export function isStuck(sent: { sentAt: number; sentBlock: number | null }, head: number, now: number, policy: FeeBumpPolicy): boolean {
  if (sent.sentBlock !== null && head - sent.sentBlock >= policy.afterBlocks) return true;
  return now - sent.sentAt >= policy.afterMs;
}

/** The fees and nonce a signed transaction carries. */
export function feesOf(rawTx: string): Fees & { nonce: number } {
  const tx = Transaction.from(rawTx);
  return { maxFeePerGas: tx.maxFeePerGas ?? 0n, maxPriorityFeePerGas: tx.maxPriorityFeePerGas ?? 0n, nonce: tx.nonce };
}

/** The same transaction (call, gas limit; the nonce unless another is given, to close a nonce gap) with new fees, signed by `key`, which must be its sender. */
export async function signReplacement(key: Wallet, rawTx: string, fees: Fees, nonce?: number): Promise<{ rawTx: string; txHash: string }> {
  const old = Transaction.from(rawTx);
  if (old.from?.toLowerCase() !== key.address.toLowerCase()) throw new Error(`The transaction was sent from ${old.from}, not from ${key.address}.`);
  const signed = await key.signTransaction({
    type: 2,
    chainId: old.chainId,
    nonce: nonce ?? old.nonce,
    to: old.to,
    data: old.data,
    value: old.value,
    gasLimit: old.gasLimit,
    maxFeePerGas: fees.maxFeePerGas,
    maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
  });
  return { rawTx: signed, txHash: keccak256(signed) };
}
