import type { IDockviewPanelProps } from 'dockview-react';
import type { FunctionComponent } from 'react';
import type { Role } from '../../../src-shared/domain/schemas';

/** One panel the workspace can dock; its title is the locale key `panels.<id>`. */
export interface PanelDef<Id extends string = string> {
  /** Dockview's component id, also stored in users' saved layouts: renaming one drops it from them. */
  id: Id;
  component: FunctionComponent<IDockviewPanelProps>;
  /** Roles that find the panel in their "Panels" menu; without a list, every role does. */
  roles?: readonly Role[];
}

/** A feature's panels; `const` keeps each id a literal type, so layouts can only name panels that exist. */
export function definePanels<const Id extends string>(defs: readonly PanelDef<Id>[]): readonly PanelDef<Id>[] {
  return defs;
}
