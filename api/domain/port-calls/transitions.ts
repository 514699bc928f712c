import type { EventType, PortCallStatus } from './schemas.ts';

/** The port-call state machine: which event moves which status where. */
const transitions: Record<EventType, { from: readonly PortCallStatus[]; to: PortCallStatus; stamp: string }> =
  {
    arrived: { from: ['expected'], to: 'at_anchorage', stamp: 'arrived_at' },
    berthed: { from: ['at_anchorage'], to: 'berthed', stamp: 'berthed_at' },
    departed: { from: ['berthed'], to: 'departed', stamp: 'departed_at' },
    cancelled: { from: ['expected', 'at_anchorage'], to: 'cancelled', stamp: 'cancelled_at' },
  };

export type Transition = (typeof transitions)[EventType];

/** The transition, or undefined when the event is not allowed from this status. */
export function transitionFor(status: PortCallStatus, event: EventType): Transition | undefined {
  const t = transitions[event];
  return t.from.includes(status) ? t : undefined;
}

export const openStatuses: readonly PortCallStatus[] = ['expected', 'at_anchorage', 'berthed'];
