/** What the workspace and other features use of trading (its stores and the header controls); the panels are listed in index.ts. */
export { prefillTicket, useTicket, type TicketPrefill } from './ticket';
export { TradingControls } from './TradingControls';
export { useTrading } from './trading';
export { useMarket } from './market-status';
