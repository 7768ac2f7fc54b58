import { SyncPanel } from '../../sync/public';

/** The link to the hosted sync server, as the sync feature shows it. */
export function SyncArea() {
  return <SyncPanel />;
}
