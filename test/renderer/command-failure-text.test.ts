import { describe, expect, it } from 'vitest';
import { COMMAND_FAILURE_CODES } from '../../src-shared/contract/devices';
import { failureText } from '../../src-renderer/src/features/devices/command-failure';
import { translator } from './locale-files';

describe('a failed device command in the user\'s words', () => {
  it('says an unanswered command in Arabic on an Arabic screen, with its attempts', async () => {
    const text = failureText({ code: 'NO_ANSWER', detail: null }, 3, await translator('ar'));
    expect(text).toContain('3');
    expect(text).not.toMatch(/[a-z]/i);
  });

  it('quotes the device\'s own words inside the terminal\'s sentence', async () => {
    expect(failureText({ code: 'DEVICE_REFUSED', detail: 'setpoint beyond rated power' }, 1, await translator('en'))).toBe('The device refused the command: setpoint beyond rated power');
  });

  it('has words for every failure code in both languages', async () => {
    for (const lng of ['en', 'ar'] as const) {
      const t = await translator(lng);
      const missing = COMMAND_FAILURE_CODES.filter((code) => failureText({ code, detail: 'x' }, 1, t).includes('devices.cmd.failures'));
      expect([lng, missing]).toEqual([lng, []]);
    }
  });
});
