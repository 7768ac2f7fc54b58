/**
 * Text on a PDF page in either direction. pdfkit draws a string as one run in the order given, and
 * fontkit shapes it with the font's OpenType features (Arabic joining forms, ligatures) and, for a
 * string in Arabic script, reverses the glyphs. A sentence that mixes Arabic with numbers, € or
 * Latin names needs the Unicode bidirectional algorithm first (bidi-js): each line is split into
 * runs in visual order, the Arabic runs handed over in logical order (fontkit shapes and reverses
 * them), everything else in visual order, each in the font that has its glyphs.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import bidiFactory from 'bidi-js';

const bidi = bidiFactory();

export type Direction = 'ltr' | 'rtl';

/** The fonts shipped with the app (resources/fonts, see its OFL.txt). */
export const FONT_FILES = {
  latin: 'NotoSans-Regular.ttf',
  latinBold: 'NotoSans-Bold.ttf',
  arabic: 'NotoNaskhArabic-Regular.ttf',
  arabicBold: 'NotoNaskhArabic-Bold.ttf',
} as const;
type FontName = keyof typeof FONT_FILES;

/**
 * Where the fonts are: GRIDDESK_RESOURCES (the Electron main process sets it to the packaged app's
 * resources), else the repository's resources/ seen from the sources (tests, tsx) or from out/main (serve).
 */
export function fontDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const env = process.env['GRIDDESK_RESOURCES'];
  // src-main/reports and out/main are two folders down from the repository; a bundle chunk may be three.
  const candidates = [...(env ? [join(env, 'fonts')] : []), join(here, '..', '..', 'resources', 'fonts'), join(here, '..', '..', '..', 'resources', 'fonts')];
  const found = candidates.find((dir) => existsSync(join(dir, FONT_FILES.arabic)));
  if (!found) throw new Error(`The report fonts are missing (looked in ${candidates.join(', ')}).`);
  return found;
}

export function registerFonts(doc: PDFKit.PDFDocument): void {
  const dir = fontDir();
  for (const [name, file] of Object.entries(FONT_FILES)) doc.registerFont(name, join(dir, file));
}

const ARABIC = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;
/** Punctuation Noto Naskh Arabic has glyphs for: it stays inside an Arabic run, which is shaped in one piece. */
const SHARED = new Set([' ', '\u00a0', '.', ',', ':', '!', '«', '»']);

const CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

type Kind = 'arabic' | 'latin' | 'either';
const kindOf = (char: string): Kind => (ARABIC.test(char) ? 'arabic' : SHARED.has(char) ? 'either' : 'latin');

interface Run {
  text: string;
  font: FontName;
  /** Arabic runs are laid out whole: pdfkit would otherwise shape and reverse them a word at a time. */
  whole: boolean;
}

/** One line of logical text as runs in visual order (left to right on the page). */
export function visualRuns(line: string, direction: Direction, bold: boolean): Run[] {
  if (line === '') return [];
  const latin: FontName = bold ? 'latinBold' : 'latin';
  // Every character the report writes is in the Basic Multilingual Plane; anything else goes as one run.
  if ([...line].length !== line.length) return [{ text: line, font: latin, whole: false }];
  const levels = bidi.getEmbeddingLevels(line, direction);
  const order = Array.from({ length: line.length }, (_, i) => i);
  for (const [start = 0, end = -1] of bidi.getReorderSegments(line, levels)) {
    const reversed = order.slice(start, end + 1).reverse();
    order.splice(start, reversed.length, ...reversed);
  }
  const mirrored = bidi.getMirroredCharactersMap(line, levels.levels);
  const runs: Array<{ chars: string[]; rtl: boolean; kind: Kind }> = [];
  for (const index of order) {
    const char = mirrored.get(index) ?? line[index] ?? '';
    // Isolates and marks steer the ordering and are not drawn.
    if (CONTROLS.test(char)) continue;
    const rtl = (levels.levels[index] ?? 0) % 2 === 1;
    const kind = kindOf(char);
    const last = runs.at(-1);
    if (last && last.rtl === rtl && (kind === 'either' || last.kind === kind || last.kind === 'either')) {
      last.chars.push(char);
      if (last.kind === 'either') last.kind = kind;
    } else runs.push({ chars: [char], rtl, kind });
  }
  return runs.map((run) => {
    const arabic = run.kind === 'arabic';
    return {
      // fontkit reverses an Arabic run itself, and must shape it in logical order.
      text: run.rtl && arabic ? run.chars.reverse().join('') : run.chars.join(''),
      font: arabic ? (bold ? 'arabicBold' : 'arabic') : latin,
      whole: arabic,
    };
  });
}

export interface TextStyle {
  size: number;
  /** Figures (a table's numbers, axis ticks) read left to right in either language: "-15.00", not "15.00-". */
  ltr?: boolean;
  bold?: boolean;
  color?: string;
}

/** Writes lines of either direction: start/end alignment follows the report's direction. */
export class PageText {
  constructor(
    private readonly doc: PDFKit.PDFDocument,
    readonly direction: Direction,
  ) {}

  width(text: string, style: TextStyle): number {
    return visualRuns(text, style.ltr ? 'ltr' : this.direction, style.bold ?? false).reduce((sum, run) => sum + this.runWidth(run, style.size), 0);
  }

  private runWidth(run: Run, size: number): number {
    // An empty feature list still gets the font's default shaping, and makes pdfkit lay the run out whole.
    return this.doc.font(run.font).fontSize(size).widthOfString(run.text, run.whole ? { features: [] } : {});
  }

  /**
   * One line in the box [x, x + width]: 'start' is the left edge in English and the right in
   * Arabic; 'left', 'right' and 'center' are where they say. Longer text is cut with an ellipsis.
   */
  line(text: string, x: number, y: number, width: number, style: TextStyle, align: 'start' | 'end' | 'left' | 'right' | 'center' = 'start'): void {
    let shown = text;
    while (shown.length > 1 && this.width(shown, style) > width) shown = `${shown.slice(0, -2)}…`;
    const w = this.width(shown, style);
    const side = align === 'start' ? (this.direction === 'rtl' ? 'right' : 'left') : align === 'end' ? (this.direction === 'rtl' ? 'left' : 'right') : align;
    let cursor = side === 'left' ? x : side === 'right' ? x + width - w : x + (width - w) / 2;
    this.doc.fillColor(style.color ?? '#000000');
    for (const run of visualRuns(shown, style.ltr ? 'ltr' : this.direction, style.bold ?? false)) {
      const width = this.runWidth(run, style.size);
      this.doc.text(run.text, cursor, y, { lineBreak: false, ...(run.whole ? { features: [] } : {}) });
      cursor += width;
    }
  }

  /** Words wrapped to the width, each line set in the report's direction; returns the y below the last line. */
  paragraph(text: string, x: number, y: number, width: number, style: TextStyle): number {
    const lineHeight = style.size * 1.45;
    let line = '';
    let top = y;
    for (const word of text.split(/\s+/).filter((w) => w !== '')) {
      const next = line === '' ? word : `${line} ${word}`;
      if (line !== '' && this.width(next, style) > width) {
        this.line(line, x, top, width, style);
        top += lineHeight;
        line = word;
      } else line = next;
    }
    if (line !== '') {
      this.line(line, x, top, width, style);
      top += lineHeight;
    }
    return top;
  }
}
