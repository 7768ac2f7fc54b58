/**
 * How figures are written. The core's formatters write "1,234.5" (Latin digits, a point for
 * decimals); the screens write them as the user's language does: a decimal comma in French,
 * Spanish and German (with their own grouping), and, for an Arabic reader who chose them, the
 * Arabic-Indic digits (٠١٢٣٤٥٦٧٨٩) with the Arabic decimal and group separators. Arabic keeps Latin
 * digits by default (traders read prices across screens and over the phone). Typed figures are read
 * in any of these forms (see parseDecimal).
 */
let arabicIndic = false;
let language = 'en';

const ARABIC_INDIC = ['٠', '١', '٢', '٣', '٤', '٥', '٦', '٧', '٨', '٩'];

/** Decimal and group separators of the languages that do not write figures the English way. */
const SEPARATORS: Record<string, { decimal: string; group: string }> = {
  fr: { decimal: ',', group: '\u202f' },
  es: { decimal: ',', group: '.' },
  de: { decimal: ',', group: '.' },
};

export function setDigitContext(next: { language: string; arabicIndic: boolean }): void {
  language = next.language;
  arabicIndic = next.arabicIndic;
}

/** The language the screens are in now: formatters that run outside React (charts) read it when they run. */
export function screenLanguage(): string {
  return language;
}

/** Whether figures are written in Arabic-Indic digits now. */
export function nativeDigits(): boolean {
  return arabicIndic && language === 'ar';
}

/** `text`'s figures ("-1,234.56") written the way the user's language writes them. */
export function localFigures(text: string): string {
  if (nativeDigits()) {
    return text
      .replace(/(\d)\.(?=\d)/g, '$1٫')
      .replace(/(\d),(?=\d{3})/g, '$1٬')
      .replace(/\d/g, (d) => ARABIC_INDIC[Number(d)] ?? d);
  }
  const separators = SEPARATORS[language];
  if (!separators) return text;
  // Groups first, to a mark no figure holds, so the decimal point's new comma is not taken for one.
  return text
    .replace(/(\d),(?=\d{3})/g, '$1\ue000')
    .replace(/(\d)\.(?=\d)/g, `$1${separators.decimal}`)
    .replace(/\ue000/g, separators.group);
}
