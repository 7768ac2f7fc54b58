import { ADMIN_ROLES, OPERATING_ROLES } from '../../../../src-shared/contract/kit';
import { useHasRole } from '../auth/public';

/** The same role lists the contract checks, so a button is shown only when the call would pass. */
export function useDeviceRoles(): { canOperate: boolean; isAdmin: boolean } {
  return { canOperate: useHasRole(OPERATING_ROLES), isAdmin: useHasRole(ADMIN_ROLES) };
}
