/** Up to `count` products starting with `first`, each starting when the previous one ends; stops at a gap. */
export function consecutiveFrom<P extends { deliveryStart: number; deliveryEnd: number }>(products: readonly P[], first: P | undefined, count: number): P[] {
  if (!first) return [];
  const byStart = new Map(products.map((p) => [p.deliveryStart, p]));
  const legs = [first];
  for (let next = byStart.get(first.deliveryEnd); next && legs.length < count; next = byStart.get(next.deliveryEnd)) legs.push(next);
  return legs;
}
