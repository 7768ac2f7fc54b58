/**
 * Which digits figures are written in. Latin digits everywhere by default (traders read prices
 * across screens and over the phone); an Arabic-speaking user may choose the Arabic-Indic digits
 * (٠١٢٣٤٥٦٧٨٩) of their language, applied to every figure the screens format while the language
 * is Arabic. Typed figures are read in either (see parseDecimal).
 */
let arabicIndic = false;
let language = 'en';

const ARABIC_INDIC = ['٠', '١', '٢', '٣', '٤', '٥', '٦', '٧', '٨', '٩'];

export function setDigitContext(next: { language: string; arabicIndic: boolean }): void {
  language = next.language;
  arabicIndic = next.arabicIndic;
}

/** Whether figures are written in Arabic-Indic digits now. */
export function nativeDigits(): boolean {
  return arabicIndic && language === 'ar';
}

/** `text` with its Latin digits (and decimal point between digits) written the chosen way. */
export function localDigits(text: string): string {
  if (!nativeDigits()) return text;
  return text.replace(/(\d)\.(?=\d)/g, '$1٫').replace(/(\d),(?=\d{3})/g, '$1٬').replace(/\d/g, (d) => ARABIC_INDIC[Number(d)] ?? d);
}
