/** What one tick did (and, summed, what the simulator did since start). */
export interface TickReport {
  tick: number;
  positions: number;
  arrived: number;
  berthed: number;
  departed: number;
  cancelled: number;
  newCalls: number;
  cargoCreated: number;
  progress: number;
  stalled: number;
  routeChanges: number;
  assignments: number;
  rostered: number;
  reads: number;
  failedLogins: number;
  failures: number;
}

export const emptyReport = (tick: number): TickReport => ({
  tick,
  positions: 0,
  arrived: 0,
  berthed: 0,
  departed: 0,
  cancelled: 0,
  newCalls: 0,
  cargoCreated: 0,
  progress: 0,
  stalled: 0,
  routeChanges: 0,
  assignments: 0,
  rostered: 0,
  reads: 0,
  failedLogins: 0,
  failures: 0,
});
