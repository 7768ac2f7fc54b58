import type { ProductView } from '../../../../src-shared/domain/schemas';

/**
 * How long before its gate closure a product stops being the one a fresh terminal opens on. Closer
 * than this the trader could hardly send an order in time, the simulator's maker has already pulled
 * its quotes (it stops 30 s before the gate), and the ladder and ticket would go dead in their hands.
 */
export const DEFAULT_PRODUCT_MIN_TIME_TO_GATE_MS = 120_000;

/**
 * The product a terminal selects when the user has not picked one: the next hourly product with
 * time left before its gate, else any open product with time left, else any still open at all.
 */
export function defaultProduct(products: readonly ProductView[], now: number): ProductView | undefined {
  const open = products.filter((p) => p.gateClosure > now && p.openAt <= now);
  const roomy = open.filter((p) => p.gateClosure - now >= DEFAULT_PRODUCT_MIN_TIME_TO_GATE_MS);
  return roomy.find((p) => p.kind === 'hour') ?? roomy[0] ?? open[0];
}
