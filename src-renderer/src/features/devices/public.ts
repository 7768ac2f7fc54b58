/** What other features embed of devices: the broker settings (also the `deviceBroker` panel listed in index.ts). */
export { BrokerSettings } from './panels/BrokerSettings';
