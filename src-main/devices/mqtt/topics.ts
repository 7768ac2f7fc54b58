/**
 * The namespace `griddesk/<site>/<device>/<kind>` (see docs/mqtt-namespace.md). Parsing is a split,
 * not a regex: it runs for every one of tens of thousands of messages a second.
 */
export const ROOT = 'griddesk';

export type TopicKind = 'birth' | 'telemetry' | 'status' | 'cmd' | 'cmd/res';

export interface DeviceTopic {
  site: string;
  device: string;
  kind: TopicKind;
}

const KINDS = new Set(['birth', 'telemetry', 'status', 'cmd']);

export function deviceTopic(site: string, device: string, kind: TopicKind): string {
  return `${ROOT}/${site}/${device}/${kind}`;
}

/** Null for anything outside the namespace (mapped device topics are looked up separately). */
export function parseDeviceTopic(topic: string): DeviceTopic | null {
  const parts = topic.split('/');
  if (parts[0] !== ROOT || parts.length < 4 || parts.length > 5) return null;
  const [, site, device, kind, sub] = parts;
  if (!site || !device || !kind || !KINDS.has(kind)) return null;
  if (sub !== undefined) return kind === 'cmd' && sub === 'res' ? { site, device, kind: 'cmd/res' } : null;
  return { site, device, kind: kind as TopicKind };
}

/** What the terminal subscribes to; commands (`cmd`) are ours, so we do not listen to them. */
export const TERMINAL_SUBSCRIPTIONS = [
  `${ROOT}/+/+/birth`,
  `${ROOT}/+/+/telemetry`,
  `${ROOT}/+/+/status`,
  `${ROOT}/+/+/cmd/res`,
] as const;

/** True when `topic` is inside the namespace of this one device (used by the embedded broker's ACL). */
export function isOwnTopic(topic: string, site: string, device: string): boolean {
  return topic.startsWith(`${ROOT}/${site}/${device}/`);
}
