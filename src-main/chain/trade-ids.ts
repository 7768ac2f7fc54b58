/**
 * The id a trade carries on chain. Several terminals may share one Settlement contract, and each
 * numbers its trades from 1, so the local id alone would collide: terminal A's trade 1 would make
 * terminal B's trade 1 revert as settled already (or, worse, be taken for settled and never paid).
 *
 * The on-chain id is a terminal prefix in the high 192 bits (from a hash of the terminal id) and the
 * local trade id in the low 64. A prefix rather than a hash of the whole pair keeps one terminal's
 * consecutive trades in the same words of the contract's settled bitmap (256 ids a word), which is
 * what keeps a batch's gas per trade low; two terminals' prefixes meet with odds of 2^-192.
 */
import { keccak256, toUtf8Bytes } from 'ethers';

const LOCAL_BITS = 64n;
const LOCAL_MAX = (1n << LOCAL_BITS) - 1n;
/** Versioned, so a later scheme can never produce the same prefixes. */
const DOMAIN = 'griddesk.settlement.terminal.v1:';

/** The terminal's prefix, already shifted into the high bits. */
export function terminalPrefix(terminalId: string): bigint {
  return (BigInt(keccak256(toUtf8Bytes(DOMAIN + terminalId))) >> LOCAL_BITS) << LOCAL_BITS;
}

/** The on-chain trade id of this terminal's trade `tradeId` (a positive integer below 2^64). */
export function onChainTradeId(prefix: bigint, tradeId: number): bigint {
  const local = BigInt(tradeId);
  if (!Number.isSafeInteger(tradeId) || local <= 0n || local > LOCAL_MAX) throw new RangeError(`Trade id ${tradeId} does not fit the on-chain id's 64 local bits.`);
  return prefix | local;
}

/** This terminal's local trade id behind an on-chain id; null for another terminal's id (another prefix) or one that is no trade id. */
export function localTradeId(prefix: bigint, chainTradeId: bigint): number | null {
  if ((chainTradeId & ~LOCAL_MAX) !== prefix) return null;
  const local = chainTradeId & LOCAL_MAX;
  if (local === 0n || local > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(local);
}
