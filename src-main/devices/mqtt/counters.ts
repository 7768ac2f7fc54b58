/**
 * What happened to every message, by fate (stored, duplicate, malformed, oversized, spoofed, …).
 * Nothing is dropped without being counted: the counts are shown to the operator and asserted by the
 * tests and the bench.
 */
export type CounterName =
  | 'received'
  | 'stored'
  | 'duplicate'
  | 'malformed_json'
  | 'invalid'
  | 'oversized'
  | 'spoofed'
  | 'unknown_device'
  | 'disabled_device'
  | 'skewed'
  | 'late'
  | 'birth'
  | 'status'
  | 'command_response'
  | 'unmatched_response'
  | 'mapped';

export class Counters {
  private readonly values = new Map<CounterName, number>();

  add(name: CounterName, n = 1): void {
    this.values.set(name, (this.values.get(name) ?? 0) + n);
  }

  get(name: CounterName): number {
    return this.values.get(name) ?? 0;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.values);
  }
}
