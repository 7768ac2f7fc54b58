import { afterEach, describe, expect, it } from 'vitest';
import { legendText } from '../../src-renderer/src/features/marketdata/chart-legend';
import { setDigitContext } from '../../src-renderer/src/ui/digits';
import { translator } from './locale-files';

afterEach(() => setDigitContext({ language: 'en', arabicIndic: false }));

/** 7 Dec 2026, 09:15 UTC: 10:15 on the German market's clock. */
const BAR = { time: Date.UTC(2026, 11, 7, 9, 15) / 1000, open: 85.2, high: 91.05, low: -3.5, close: 88, volume: 12.5 };

describe("the chart's legend", () => {
  it('reads open, high, low, close and volume in English, in market time', async () => {
    expect(legendText(BAR, 'DE', await translator('en'))).toMatch(/10:15 {2}O 85\.20 {2}H 91\.05 {2}L -3\.50 {2}C 88\.00 {2}V 12\.5 MW$/);
  });

  it('is worded in French with decimal commas, and says nothing of volume when the bar has none', async () => {
    setDigitContext({ language: 'fr', arabicIndic: false });
    const { volume: _none, ...bar } = BAR;
    const text = legendText(bar, 'DE', await translator('fr'));
    expect(text).toContain('Ouv. 85,20');
    expect(text).toContain('Bas -3,50');
    expect(text).not.toContain('Vol.');
  });

  it('is worded in Arabic, in Arabic-Indic digits for a reader who chose them, with no English letter', async () => {
    setDigitContext({ language: 'ar', arabicIndic: true });
    const text = legendText(BAR, 'DE', await translator('ar'));
    expect(text).toContain('افتتاح ٨٥٫٢٠');
    expect(text).toContain('الحجم ١٢٫٥');
    expect(text).not.toMatch(/[A-Za-z]/);
  });
});
