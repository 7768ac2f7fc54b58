/** What other features embed of updates: the settings console's Updates area. */
export { UpdatesPanel } from './UpdatesPanel';
