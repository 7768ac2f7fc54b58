import type { GridDeskBridge } from '../../../src-shared/contract/bridge';

declare global {
  interface Window {
    griddesk?: GridDeskBridge;
  }
}
