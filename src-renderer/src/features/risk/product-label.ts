/** A readable delivery label from a position's product id, start and length (the product may no longer be listed). */
export function productInfoLabel(
  productId: string,
  deliveryStart: number,
  durationMin: number,
  label: (p: { kind: 'hour' | 'quarter' | 'block'; blockName: string; deliveryStart: number; deliveryEnd: number }, language: string) => string,
  language: string,
): string {
  const code = productId.split('-')[1] ?? '';
  const kind = code === 'H' ? 'hour' : code === 'Q' ? 'quarter' : 'block';
  return label({ kind, blockName: kind === 'block' ? code : '', deliveryStart, deliveryEnd: deliveryStart + durationMin * 60_000 }, language);
}
