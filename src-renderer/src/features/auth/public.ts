/** What the app shell and other features use of auth (the session); the panels are listed in index.ts. */
export { endSessionLocally, hasRole, needsSecondFactor, useHasRole, useSession } from './session';
export { AccountDialog } from './AccountDialog';
export { TotpEnrolment } from './TotpEnrolment';
