import type { GridDeskBridge } from '../../../src-shared/bridge';

declare global {
  interface Window {
    griddesk?: GridDeskBridge;
  }
}
