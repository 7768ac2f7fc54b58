import { create } from 'zustand';
import type { DeliveryWarning } from '../../../../src-shared/contract/delivery';
import { subscribe } from '../../transport/client';

interface DeliveryState {
  /** The newest warning the core sent about one of the user's own sells. */
  latest: DeliveryWarning | null;
}

/** Sells that went through although the site's batteries cannot deliver them (warn mode). */
export const useDeliveryWarnings = create<DeliveryState>(() => ({ latest: null }));

subscribe('delivery.warning', (warning) => useDeliveryWarnings.setState({ latest: warning }));
