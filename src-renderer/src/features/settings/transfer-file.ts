import type { SettingsFile } from '../../../../src-shared/contract/settings';

/** The file the core's `settings.import.*` calls accept at most (their input's bound). */
export const MAX_SETTINGS_FILE_CHARS = 1_000_000;

/**
 * "griddesk-settings-<terminal>-<yyyy-mm-dd>.json": the terminal that signed it and the day, in UTC
 * like every other stamp in the file. A terminal id is kept to file-name-safe characters.
 */
export function exportFileName(file: Pick<SettingsFile, 'terminalId' | 'createdAt'>): string {
  const terminal = file.terminalId.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'terminal';
  const day = new Date(file.createdAt).toISOString().slice(0, 10);
  return `griddesk-settings-${terminal}-${day}.json`;
}

/**
 * Whether a picked file carries encrypted passwords and keys, so the console asks for its
 * passphrase before the preview. Only a hint for the screen: the core decides, and refuses a file
 * with secrets and no passphrase on its own.
 */
export function carriesSecrets(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && 'secrets' in parsed;
  } catch {
    return false;
  }
}

/** The signed file as people and the importing terminal read it: indented JSON, the signature covers its values, not its layout. */
export function exportFileText(file: SettingsFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}
