import { BrokerSettings } from '../../devices/public';

/** The devices' broker settings as the devices feature shows them, "Test connection" included. */
export function BrokerArea() {
  return <BrokerSettings />;
}
