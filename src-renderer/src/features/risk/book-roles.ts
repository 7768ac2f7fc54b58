import { TRADING_ROLES } from '../../../../src-shared/contract/kit';
import type { Role } from '../../../../src-shared/domain/schemas';

/** Everyone with a trading book to look at: the roles that trade, and viewers who watch them. */
export const BOOK_ROLES: readonly Role[] = [...TRADING_ROLES, 'viewer'];
