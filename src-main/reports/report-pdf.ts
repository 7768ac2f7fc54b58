/**
 * The daily report as a PDF (A4, pdfkit) in the user's language, laid out from report-content.ts:
 * Noto Sans and Noto Naskh Arabic shipped with the app (resources/fonts), Arabic set right to left
 * (pdf-text.ts), tables mirrored in Arabic, charts as vector graphics with axes, ticks and labels.
 * Charts keep time and value running left to right in both languages, as the screens' charts do.
 */
import PDFDocument from 'pdfkit';
import type { ReportData } from './report-data';
import { reportContent, type Bar, type Block } from './report-content';
import { PageText, registerFonts } from './pdf-text';

const LEFT = 50;
const WIDTH = 495;
const TOP = 50;
const BOTTOM = 842 - 60;
const BLUE = '#1f6feb';
const RED = '#c62f2f';
const GRID = '#d0d4da';
const AXIS = '#333333';
const MUTED = '#555555';

/** Round steps (1, 2 or 5 × 10ⁿ) giving about `count` intervals over [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  const span = max - min || Math.abs(max) || 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const step = (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
  const ticks: number[] = [];
  for (let v = Math.floor(min / step) * step; v <= Math.ceil(max / step) * step + step / 2; v += step) ticks.push(Math.round(v / step) * step);
  return ticks;
}

const tickText = (value: number, step: number): string =>
  new Intl.NumberFormat('en-GB', { maximumFractionDigits: step >= 1 ? 0 : 2, minimumFractionDigits: step >= 1 ? 0 : 2 }).format(value);

class Layout {
  y = TOP;
  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly text: PageText,
  ) {}

  /** Starts a new page when `height` does not fit on this one. */
  room(height: number): void {
    if (this.y + height > BOTTOM) {
      this.doc.addPage();
      this.y = TOP;
    }
  }

  heading(text: string): void {
    this.room(40);
    this.y += 8;
    this.text.line(text, LEFT, this.y, WIDTH, { size: 11.5, bold: true });
    this.y += 20;
  }

  paragraph(text: string, muted = false): void {
    this.room(24);
    this.y = this.text.paragraph(text, LEFT, this.y, WIDTH, { size: 8.5, color: muted ? MUTED : '#000000' }) + 3;
  }

  table(headers: readonly string[], rows: readonly (readonly string[])[], widths: readonly number[], lastIsTotal: boolean, words: boolean): void {
    const rtl = this.text.direction === 'rtl';
    const cellX = (i: number) => {
      const before = widths.slice(0, i).reduce((a, b) => a + b, 0);
      return rtl ? LEFT + WIDTH - before - (widths[i] ?? 0) : LEFT + before;
    };
    const row = (cells: readonly string[], bold: boolean, figures: boolean) => {
      this.room(16);
      cells.forEach((cell, i) => this.text.line(cell, cellX(i) + 2, this.y, (widths[i] ?? 60) - 4, { size: 8, bold, ltr: figures && i > 0 }, i === 0 ? 'start' : 'end'));
      this.y += 14;
    };
    const rule = (weight: number) => {
      this.doc.moveTo(LEFT, this.y - 2).lineTo(LEFT + WIDTH, this.y - 2).lineWidth(weight).strokeColor(AXIS).stroke();
    };
    row(headers, true, false);
    rule(0.6);
    rows.forEach((cells, i) => {
      const total = lastIsTotal && i === rows.length - 1;
      if (total) rule(0.4);
      row(cells, total, !words);
    });
    this.y += 4;
  }

  /** A bar chart with a value axis (gridlines, ticks, labels), a category or value axis below, and both axis titles. */
  chart(block: Extract<Block, { kind: 'chart' }>): void {
    const height = 150;
    this.room(height + 80);
    this.text.line(block.title, LEFT, this.y, WIDTH, { size: 11.5, bold: true });
    this.y += 22;
    const plot = { x: LEFT + 58, y: this.y, w: WIDTH - 66, h: height };
    const doc = this.doc;
    if (block.bars.length === 0) {
      doc.rect(plot.x, plot.y, plot.w, plot.h).lineWidth(0.5).strokeColor(GRID).stroke();
      this.text.line(block.empty, plot.x, plot.y + plot.h / 2 - 5, plot.w, { size: 9, color: MUTED }, 'center');
      this.y += height + 20;
      return;
    }
    const values = block.bars.map((b) => b.value);
    const low = Math.min(0, ...values);
    const high = Math.max(0, ...values);
    // Days of no P&L still get a scale to stand on.
    const yTicks = niceTicks(low, high === low ? low + 1 : high);
    const yMin = yTicks[0] ?? 0;
    const yMax = yTicks.at(-1) ?? 1;
    const yStep = (yTicks[1] ?? yMax) - yMin;
    const yOf = (v: number) => plot.y + plot.h - ((v - yMin) / (yMax - yMin || 1)) * plot.h;

    // Value axis: gridlines and labels at round values.
    for (const tick of yTicks) {
      const y = yOf(tick);
      doc.moveTo(plot.x, y).lineTo(plot.x + plot.w, y).lineWidth(tick === 0 ? 0.8 : 0.3).strokeColor(tick === 0 ? AXIS : GRID).stroke();
      doc.moveTo(plot.x - 3, y).lineTo(plot.x, y).lineWidth(0.5).strokeColor(AXIS).stroke();
      this.text.line(tickText(tick, yStep), LEFT + 12, y - 4.5, 41, { size: 7, color: AXIS, ltr: true }, 'right');
    }
    doc.moveTo(plot.x, plot.y).lineTo(plot.x, plot.y + plot.h).lineWidth(0.6).strokeColor(AXIS).stroke();
    // The value axis's title, written upwards along it.
    doc.save();
    doc.rotate(-90, { origin: [LEFT + 2, plot.y + plot.h / 2] });
    this.text.line(block.yTitle, LEFT + 2 - plot.h / 2, plot.y + plot.h / 2 - 8, plot.h, { size: 7.5, color: AXIS }, 'center');
    doc.restore();

    const baseY = plot.y + plot.h;
    if (block.histogram) this.histogramBars(block.bars, plot, yOf);
    else this.categoryBars(block.bars, plot, yOf);
    doc.moveTo(plot.x, baseY).lineTo(plot.x + plot.w, baseY).lineWidth(0.6).strokeColor(AXIS).stroke();
    this.text.line(block.xTitle, plot.x, baseY + 18, plot.w, { size: 7.5, color: AXIS }, 'center');
    this.y = baseY + 32;
    if (block.caption) this.paragraph(block.caption, true);
    this.y += 6;
  }

  private categoryBars(bars: readonly Bar[], plot: { x: number; y: number; w: number; h: number }, yOf: (v: number) => number): void {
    const doc = this.doc;
    const step = plot.w / Math.max(bars.length, 12);
    // Few days: bars of a normal width, set from the start of the axis.
    // As many date labels as fit without touching: every k-th bar.
    const every = Math.max(1, Math.ceil(bars.length / 10));
    const zeroY = yOf(0);
    bars.forEach((bar, i) => {
      const x = plot.x + i * step;
      const top = Math.min(yOf(bar.value), zeroY);
      doc.rect(x + step * 0.15, top, step * 0.7, Math.max(Math.abs(yOf(bar.value) - zeroY), 0.4)).fillColor(bar.highlight ? RED : BLUE).fill();
      const base = plot.y + plot.h;
      doc.moveTo(x + step / 2, base).lineTo(x + step / 2, base + 3).lineWidth(0.5).strokeColor(AXIS).stroke();
      if (i % every === 0) this.text.line(bar.label, x + step / 2 - 30, base + 5, 60, { size: 6.5, color: AXIS }, 'center');
    });
  }

  private histogramBars(bars: readonly Bar[], plot: { x: number; y: number; w: number; h: number }, yOf: (v: number) => number): void {
    const doc = this.doc;
    const from = bars[0]?.from ?? 0;
    const to = bars.at(-1)?.to ?? 1;
    const xOf = (v: number) => plot.x + ((v - from) / (to - from || 1)) * plot.w;
    const zeroY = yOf(0);
    for (const bar of bars) {
      const x0 = xOf(bar.from ?? from);
      const x1 = xOf(bar.to ?? to);
      doc.rect(x0 + 0.3, yOf(bar.value), Math.max(x1 - x0 - 0.6, 0.3), Math.max(zeroY - yOf(bar.value), 0.4)).fillColor(bar.highlight ? RED : BLUE).fill();
    }
    const ticks = niceTicks(from, to, 6).filter((v) => v >= from && v <= to);
    const step = (ticks[1] ?? to) - (ticks[0] ?? from);
    const base = plot.y + plot.h;
    for (const tick of ticks) {
      const x = xOf(tick);
      doc.moveTo(x, base).lineTo(x, base + 3).lineWidth(0.5).strokeColor(AXIS).stroke();
      this.text.line(tickText(tick, step), x - 30, base + 5, 60, { size: 6.5, color: AXIS, ltr: true }, 'center');
    }
  }
}

export function reportPdf(data: ReportData): Promise<Buffer> {
  const content = reportContent(data);
  const doc = new PDFDocument({ size: 'A4', margin: 0, bufferPages: true, lang: data.language, info: { Title: content.metaTitle, Author: 'GridDesk' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  registerFonts(doc);
  const text = new PageText(doc, content.direction);
  const layout = new Layout(doc, text);

  text.line(content.title, LEFT, layout.y, WIDTH, { size: 17, bold: true });
  layout.y += 28;
  for (const line of content.lines) {
    text.line(line, LEFT, layout.y, WIDTH, { size: 9, color: MUTED });
    layout.y += 13;
  }
  layout.y += 4;
  for (const block of content.blocks) {
    if (block.kind === 'heading') layout.heading(block.text);
    else if (block.kind === 'text') layout.paragraph(block.text, block.muted);
    else if (block.kind === 'table') layout.table(block.headers, block.rows, block.widths, block.lastIsTotal ?? false, block.words ?? false);
    else layout.chart(block);
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    text.line(content.pageLabel(i + 1, range.count), LEFT, 842 - 40, WIDTH, { size: 7.5, color: MUTED }, 'center');
  }
  doc.end();
  return done;
}
