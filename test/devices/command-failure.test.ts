import { describe, expect, it } from 'vitest';
import { failure, failureMessage, readFailure, storedFailure } from '../../src-main/devices/commands/command-failure';

describe('a command failure as kept in device_commands.error', () => {
  it('reads back the code and the device\'s words it was stored with', () => {
    const refused = failure('DEVICE_REFUSED', 'setpoint beyond rated power');
    expect(readFailure(storedFailure(refused))).toEqual(refused);
  });

  it('reads a row written before codes were kept as its English note, unworded', () => {
    expect(readFailure('no answer after 3 attempt(s)')).toEqual({ code: 'UNWORDED', detail: 'no answer after 3 attempt(s)' });
    expect(readFailure('{"not":"a failure"}')).toEqual({ code: 'UNWORDED', detail: '{"not":"a failure"}' });
  });

  it('keeps the English note the log and scripts read, with the attempts of the row', () => {
    expect(failureMessage(failure('NO_ANSWER_BROKER_DOWN'), 2)).toBe('no answer after 2 attempt(s); the broker is unreachable for a retry');
    expect(failureMessage(failure('DEVICE_REFUSED'), 1)).toBe('the device refused the command');
  });
});
