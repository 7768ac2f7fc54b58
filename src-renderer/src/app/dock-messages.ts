import type { DockviewMessages } from 'dockview-react';
import i18next from '../ui/i18n';

type Position = Parameters<DockviewMessages['movePickEdge']>[0];

/** Where a keyboard move would put a panel: into the target group as a tab, or beside it. */
function where(position: Position, target: string): string {
  return position === 'center' ? i18next.t('dock.edgeInto', { target }) : i18next.t('dock.edgeSplit', { side: i18next.t(`dock.sides.${position}`), target });
}

/**
 * What the dock says to assistive technology (tab close buttons, announcements, keyboard moves) in
 * the user's language. Each message is worded when it is used, so a language switch reaches tabs
 * that were created before it.
 */
export const DOCK_MESSAGES: DockviewMessages = {
  panelOpened: (title) => i18next.t('dock.panelOpened', { title }),
  panelClosed: (title) => i18next.t('dock.panelClosed', { title }),
  groupMaximized: (title) => i18next.t('dock.groupMaximized', { title }),
  groupRestored: (title) => i18next.t('dock.groupRestored', { title }),
  groupFloated: (title) => i18next.t('dock.groupFloated', { title }),
  groupDocked: (title) => i18next.t('dock.groupDocked', { title }),
  groupPoppedOut: (title) => i18next.t('dock.groupPoppedOut', { title }),
  closeTab: (title) => i18next.t('dock.closeTab', { title }),
  closeTabPlain: () => i18next.t('dock.closeTabPlain'),
  movePickTarget: (source, target, current, total) => i18next.t('dock.movePickTarget', { source, target, current, total }),
  movePickEdge: (position, target) => i18next.t('dock.movePickEdge', { where: where(position, target) }),
  moveCommitted: (source, target, position) =>
    position === 'center' ? i18next.t('dock.moveCommittedInto', { source, target }) : i18next.t('dock.moveCommittedSplit', { source, side: i18next.t(`dock.sides.${position}`), target }),
  moveCancelled: () => i18next.t('dock.moveCancelled'),
  moveNotAllowed: () => i18next.t('dock.moveNotAllowed'),
  moveFloated: (source) => i18next.t('dock.moveFloated', { source }),
};
