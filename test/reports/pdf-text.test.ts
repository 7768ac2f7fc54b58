/** The report's right-to-left text: runs in visual order, each in the font that has its glyphs. */
import { describe, expect, it } from 'vitest';
import { visualRuns } from '../../src-main/reports/pdf-text';
import { wordsOf } from '../../src-main/reports/report-words';

const texts = (line: string, direction: 'ltr' | 'rtl' = 'rtl') => visualRuns(line, direction, false).map((r) => [r.text, r.font]);

describe('report text runs', () => {
  it('keeps an Arabic phrase whole and in logical order, for fontkit to shape and reverse', () => {
    expect(texts('يوم التداول')).toEqual([['يوم التداول', 'arabic']]);
  });

  it('puts the numbers of an Arabic sentence where a reader of Arabic expects them', () => {
    // Read from the right: "the trades: 2 · traded: 15".
    expect(texts('الصفقات: 2 · المتداول: 15')).toEqual([
      ['15', 'latin'],
      [' المتداول: ', 'arabic'],
      ['· ', 'latin'],
      ['2', 'latin'],
      ['الصفقات: ', 'arabic'],
    ]);
  });

  it('keeps a date-time filled into an Arabic sentence in its own order', () => {
    const line = wordsOf('ar')('generated', { time: '2023-04-24 16:00', zone: 'Europe/Berlin' });
    expect(texts(line).map(([text]) => text)).toContain('2023-04-24 16:00');
  });

  it('leaves an English line as it is', () => {
    expect(texts('Book of tom', 'ltr')).toEqual([['Book of tom', 'latin']]);
  });
});

describe('chart ticks', () => {
  it('steps at 1, 2 or 5 × 10ⁿ and covers the range', async () => {
    const { niceTicks } = await import('../../src-main/reports/report-pdf');
    expect(niceTicks(-15, 0)).toEqual([-15, -10, -5, 0]);
    expect(niceTicks(0, 7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(-480, 1_210, 6)).toEqual([-500, 0, 500, 1_000, 1_500]);
  });
});
