/** What other features embed of sync: the enrolment and status view (also the `sync` panel listed in index.ts). */
export { SyncPanel } from './panels/SyncPanel';
