/**
 * Reads back what pdfkit wrote, enough for the report's tests: the fonts, the drawing operators of
 * the pages, and the text of each shown run, decoded through its font's ToUnicode map (the fonts
 * are embedded subsets, so the bytes in the content are glyph codes, not characters).
 */
import { inflateSync } from 'node:zlib';

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

function objectsOf(pdf: Buffer): Map<number, PdfObject> {
  const raw = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  for (const match of raw.matchAll(/(\d+) 0 obj\s*<<([\s\S]*?)>>\s*(stream\r?\n)?/g)) {
    const id = Number(match[1]);
    const dict = match[2] ?? '';
    let stream: Buffer | null = null;
    if (match[3]) {
      const length = Number(/\/Length (\d+)/.exec(dict)?.[1] ?? 0);
      const start = (match.index ?? 0) + match[0].length;
      const bytes = pdf.subarray(start, start + length);
      stream = dict.includes('/FlateDecode') ? inflateSync(bytes) : bytes;
    }
    if (!objects.has(id)) objects.set(id, { dict, stream });
  }
  return objects;
}

/** glyph code (hex) → the characters it stands for, from a ToUnicode CMap. */
function cmapOf(text: string): Map<string, string> {
  const map = new Map<string, string>();
  const chars = (hex: string) => String.fromCharCode(...(hex.replace(/\s+/g, '').match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const line of (block[1] ?? '').matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
      const from = parseInt(line[1] ?? '0', 16);
      const to = parseInt(line[2] ?? '0', 16);
      const target = line[3] ?? '';
      // A ligature's entry holds several code units: <0066 0069> for "fi".
      const list = target.startsWith('[') ? [...target.matchAll(/<([0-9a-fA-F\s]+)>/g)].map((m) => m[1] ?? '') : null;
      for (let code = from; code <= to; code += 1) {
        const key = code.toString(16).padStart(4, '0');
        if (list) map.set(key, chars(list[code - from] ?? ''));
        else map.set(key, String.fromCharCode(parseInt(target.slice(1, -1), 16) + code - from));
      }
    }
  }
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const line of (block[1] ?? '').matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set((line[1] ?? '').toLowerCase().padStart(4, '0'), chars(line[2] ?? ''));
  }
  return map;
}

export interface PdfRead {
  pages: number;
  /** Base font names without the subset tag: NotoSans-Regular, NotoNaskhArabic-Regular, … */
  fonts: string[];
  /** Every page's content stream, decompressed. */
  content: string;
  /** The text of each run as drawn (glyphs in page order), one entry per run. */
  runs: string[];
}

export function readPdf(pdf: Buffer): PdfRead {
  const objects = objectsOf(pdf);
  const fontMaps = new Map<string, Map<string, string>>();
  const fonts = new Set<string>();
  // Resource names (/F1) → their font's ToUnicode map.
  for (const { dict } of objects.values()) {
    for (const entry of dict.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
      const font = objects.get(Number(entry[2]));
      const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(font?.dict ?? '')?.[1];
      const stream = toUnicode ? objects.get(Number(toUnicode))?.stream : null;
      if (stream) fontMaps.set(entry[1] ?? '', cmapOf(stream.toString('latin1')));
    }
  }
  for (const { dict } of objects.values()) {
    const name = /\/Type \/Font\s*\/Subtype \/Type0\s*\/BaseFont \/[A-Z]{6}\+([^\s/]+)/.exec(dict)?.[1];
    if (name) fonts.add(name);
  }
  const pageCount = [...objects.values()].filter((o) => /\/Type \/Page\b/.test(o.dict)).length;
  let content = '';
  const runs: string[] = [];
  for (const { dict, stream } of objects.values()) {
    if (!stream || /\/Type|\/Subtype|\/Length1/.test(dict)) continue;
    const text = stream.toString('latin1');
    if (!/\bBT\b/.test(text) && !/ re\b/.test(text)) continue;
    content += `${text}\n`;
    let font = '';
    for (const op of text.matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\] TJ/g)) {
      if (op[1]) font = op[1];
      else {
        const map = fontMaps.get(font);
        const codes = [...(op[2] ?? '').matchAll(/<([0-9a-f]+)>/g)].flatMap((m) => (m[1] ?? '').match(/.{4}/g) ?? []);
        runs.push(codes.map((c) => map?.get(c) ?? '\ufffd').join(''));
      }
    }
  }
  return { pages: pageCount, fonts: [...fonts].sort(), content, runs };
}
