/** What the workspace and other features use of alerts; the panels are listed in index.ts. */
export { alertText, checkGates, raiseRejection, useAlerts, type Alert, type AlertKind } from './alerts';
