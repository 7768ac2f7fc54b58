import type { IDockviewPanelProps } from 'dockview-react';
import type { FunctionComponent } from 'react';
import { Blotter } from './Blotter';
import { Ladder } from './Ladder';
import { OrderTicket } from './OrderTicket';

export interface PanelDef {
  /** Dockview component id; the panel's title is the locale key `panels.<id>`. */
  id: string;
  component: FunctionComponent<IDockviewPanelProps>;
  /** Panels a role never needs stay out of that role's "Panels" menu. */
  roles?: readonly string[];
}

/** Every panel the workspace can show. Each domain adds its own lines here. */
export const PANEL_DEFS: readonly PanelDef[] = [
  { id: 'ticket', component: () => <OrderTicket /> },
  { id: 'blotter', component: () => <Blotter /> },
  { id: 'ladder', component: () => <Ladder /> },
];

export const PANELS: Record<string, FunctionComponent<IDockviewPanelProps>> = Object.fromEntries(PANEL_DEFS.map((p) => [p.id, p.component]));
