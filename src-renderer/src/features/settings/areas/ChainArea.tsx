import { NetworkPanel } from '../../chain/public';

/** The chain network and contract addresses, checked against the node by the core before they are kept. */
export function ChainArea() {
  return <NetworkPanel />;
}
