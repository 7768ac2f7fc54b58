import { ADMIN_ROLES, OPERATING_ROLES } from '../../../../src-shared/contract/kit';
import { useSession } from '../auth/session';

/** The same role lists the contract checks, so a button is shown only when the call would pass. */
export function useDeviceRoles(): { canOperate: boolean; isAdmin: boolean } {
  const role = useSession((s) => s.user?.role);
  return { canOperate: role !== undefined && OPERATING_ROLES.includes(role), isAdmin: role !== undefined && ADMIN_ROLES.includes(role) };
}
