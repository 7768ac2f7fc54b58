import { MAX_IMPORT_BYTES, MAX_IMPORT_CHUNK_CHARS, type MarketImportResult } from '../../../../src-shared/contract/marketdata';
import { call } from '../../transport/client';

export type ImportFormat = 'csv' | 'entsoe';

export function formatOf(fileName: string): ImportFormat | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return 'csv';
  if (lower.endsWith('.xml')) return 'entsoe';
  return null;
}

export class ImportTooLarge extends Error {}

/**
 * Sends a price file to the core in chunks (one WebSocket message is capped) and asks for one
 * all-or-nothing import. Refuses an oversized file before reading it, so nothing is half-sent.
 */
export async function importPriceFile(
  file: File,
  options: { format: ImportFormat; area: string },
  onProgress: (fraction: number) => void,
): Promise<MarketImportResult> {
  if (file.size > MAX_IMPORT_BYTES) throw new ImportTooLarge(String(Math.round(MAX_IMPORT_BYTES / 1_048_576)));
  const text = await file.text();
  if (text.length <= MAX_IMPORT_CHUNK_CHARS) {
    onProgress(1);
    return call('marketdata.import', { format: options.format, content: text, area: options.area });
  }
  let uploadId: string | undefined;
  for (let offset = 0; offset < text.length; offset += MAX_IMPORT_CHUNK_CHARS) {
    const chunk = await call('marketdata.upload', { content: text.slice(offset, offset + MAX_IMPORT_CHUNK_CHARS), ...(uploadId ? { uploadId } : {}) });
    uploadId = chunk.uploadId;
    onProgress(Math.min(1, (offset + MAX_IMPORT_CHUNK_CHARS) / text.length));
  }
  return call('marketdata.import', { format: options.format, uploadId: uploadId!, area: options.area });
}
