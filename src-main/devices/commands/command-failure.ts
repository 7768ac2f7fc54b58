import { z } from 'zod';
import { COMMAND_FAILURE_CODES, type CommandFailure } from '../../../src-shared/contract/devices';

/** How a failure is kept in `device_commands.error`: its code and the outside party's words. */
const StoredFailureSchema = z.object({ code: z.enum(COMMAND_FAILURE_CODES), detail: z.string().nullable() }).strict();

export function failure(code: CommandFailure['code'], detail: string | null = null): CommandFailure {
  return { code, detail };
}

export function storedFailure(value: CommandFailure | null): string | null {
  return value === null ? null : JSON.stringify(value);
}

/** A stored failure; a row written before codes were kept holds English text, kept as its detail. */
export function readFailure(stored: string | null): CommandFailure | null {
  if (stored === null) return null;
  try {
    const parsed = StoredFailureSchema.safeParse(JSON.parse(stored));
    if (parsed.success) return parsed.data;
  } catch {
    // Not JSON: an English note from before codes were kept.
  }
  return failure('UNWORDED', stored);
}

/** The failure in English, for the event log and scripts; the renderer words the code itself. */
export function failureMessage(value: CommandFailure, attempts: number): string {
  switch (value.code) {
    case 'RESTARTED':
      return 'the terminal restarted while waiting';
    case 'DEVICE_REFUSED':
      return value.detail ?? 'the device refused the command';
    case 'NO_ANSWER':
      return `no answer after ${attempts} attempt(s)`;
    case 'NOT_SENT':
      return 'the broker is unreachable; the command was not sent';
    case 'NO_ANSWER_BROKER_DOWN':
      return `no answer after ${attempts} attempt(s); the broker is unreachable for a retry`;
    case 'PUBLISH_FAILED':
      return `publish failed: ${value.detail ?? ''}`;
    case 'UNWORDED':
      return value.detail ?? '';
  }
}
