import type { TFunction } from 'i18next';
import type { CommandFailure } from '../../../../src-shared/contract/devices';
import { ltr } from './format';

/** Why a command did not go through, in the user's language; a device's or broker's own words are quoted as they came. */
export function failureText(failure: CommandFailure, attempts: number, t: TFunction): string {
  const detail = failure.detail === null ? '' : ltr(failure.detail);
  if (failure.code === 'DEVICE_REFUSED') {
    return failure.detail === null ? t('devices.cmd.failures.DEVICE_REFUSED') : t('devices.cmd.failures.DEVICE_REFUSED_SAYING', { detail });
  }
  return t(`devices.cmd.failures.${failure.code}`, { n: attempts, detail });
}
