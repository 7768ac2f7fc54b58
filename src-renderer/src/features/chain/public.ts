/** What other features use of the chain: the settlement of the user's local-market trades, for the blotter. */
export { useTradeSettlements } from './trade-settlement';
export { settlementText, settlementTitle } from './settlement-text';
export { NetworkPanel } from './panels/NetworkPanel';
