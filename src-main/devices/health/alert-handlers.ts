import type { CallContext, PartialHandlers } from '../../api/context';
import type { AlertAction } from './alerts';
import type { DeviceService } from '../device-service';

type AlertMethod = 'devices.alerts.acknowledge' | 'devices.alerts.clear';

const actionOf = (input: { alertIds: number[]; note?: string | undefined }, ctx: CallContext): AlertAction => ({
  alertIds: input.alertIds,
  by: ctx.caller?.username ?? 'unknown',
  note: input.note,
  now: ctx.now,
});

/** Operators acknowledging and clearing alerts by hand; each change is logged under their name. */
export function alertHandlers(service: DeviceService): PartialHandlers<AlertMethod> {
  return {
    'devices.alerts.acknowledge': (input, ctx) => service.alerts.acknowledge(actionOf(input, ctx), ctx.commit),
    'devices.alerts.clear': (input, ctx) => service.alerts.clearByHand(actionOf(input, ctx), ctx.commit),
  };
}
