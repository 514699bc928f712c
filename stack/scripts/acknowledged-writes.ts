// What a recovery kept of the writes a client saw acknowledged: the PITR test and the durability
// bench log every acknowledged write (its id and when its commit returned), lose the database at a
// recorded instant, recover, and judge the recovered ids with this.

export interface Ack {
  id: number;
  /** Date.now() when the commit returned. */
  ackedAt: number;
}

export interface Loss {
  kept: number;
  missing: number;
  /** Seconds between the last acknowledged write recovered and the instant of loss. */
  lostSeconds: number;
  /** The kept writes are exactly the first ones acknowledged: no hole, nothing out of order. */
  keptIsPrefix: boolean;
}

export function lossAfterRecovery(acked: readonly Ack[], recovered: ReadonlySet<number>, lostAt: number): Loss {
  const kept = acked.filter((a) => recovered.has(a.id));
  const lastKept = kept.at(-1)?.ackedAt ?? acked[0]?.ackedAt ?? lostAt;
  return {
    kept: kept.length,
    missing: acked.length - kept.length,
    lostSeconds: (lostAt - lastKept) / 1000,
    keptIsPrefix: kept.every((a, i) => a.id === acked[i]?.id),
  };
}

/** Writes one row every `spacingMs` for `durationMs`, logging each acknowledgement into `acked`. */
export async function writeSteadily(
  write: () => Promise<number>,
  acked: Ack[],
  durationMs: number,
  spacingMs = 100,
): Promise<void> {
  const until = Date.now() + durationMs;
  while (Date.now() < until) {
    const id = await write();
    acked.push({ id, ackedAt: Date.now() });
    await new Promise((resolve) => setTimeout(resolve, spacingMs));
  }
}
