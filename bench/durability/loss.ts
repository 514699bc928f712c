/** One write the client saw acknowledged (its COMMIT returned), with when. */
export interface Ack {
  id: number;
  ackedAtMs: number;
}

export interface Loss {
  /** Acknowledged writes the recovered database does not have. */
  missing: number;
  /** Seconds from the newest acknowledged write that was recovered to the instant of loss. */
  lostSeconds: number;
  /** Acknowledged writes recovered that are not a prefix of the acknowledgements: a hole. */
  outOfOrder: number;
}

/**
 * What a recovery lost, judged from the client's log of acknowledged writes and the ids the
 * recovered database holds. With nothing recovered, the whole logged span counts as lost.
 */
export function lossOf(acked: readonly Ack[], recovered: ReadonlySet<number>, lostAtMs: number): Loss {
  const inOrder = [...acked].sort((a, b) => a.ackedAtMs - b.ackedAtMs);
  const kept = inOrder.filter((a) => recovered.has(a.id));
  const newestKept = kept.at(-1)?.ackedAtMs ?? inOrder[0]?.ackedAtMs ?? lostAtMs;
  const prefix = kept.length ? inOrder.filter((a) => a.ackedAtMs <= newestKept) : [];
  return {
    missing: acked.length - kept.length,
    lostSeconds: Math.max(0, (lostAtMs - newestKept) / 1000),
    outOfOrder: prefix.length - kept.length,
  };
}
