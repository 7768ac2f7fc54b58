import { DEFAULT_MAX_ERRORS, type ImportFailure, type ImportIssue } from './types';

/**
 * Collects every problem in a file so the user can fix them in one pass, while keeping a
 * broken 8,760-row file from producing 8,760 messages.
 */
export class IssueSink {
  private readonly kept: ImportIssue[] = [];
  private total = 0;

  constructor(private readonly max: number = DEFAULT_MAX_ERRORS) {}

  add(issue: ImportIssue): void {
    this.total += 1;
    if (this.kept.length < this.max) this.kept.push(issue);
  }

  get count(): number {
    return this.total;
  }

  failure(): ImportFailure {
    return { ok: false, errors: [...this.kept], errorCount: this.total };
  }
}

export function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

export function isoInterval(startMs: number, endMs: number): string {
  return `${isoUtc(startMs)}/${isoUtc(endMs)}`;
}
