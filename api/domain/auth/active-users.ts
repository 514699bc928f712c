const windowMs = 5 * 60_000;

/** Distinct users seen in the last five minutes, for porttrack_auth_active_users. */
export class ActiveUsers {
  private readonly lastSeen = new Map<number, number>();

  seen(userId: number, now = Date.now()): void {
    this.lastSeen.set(userId, now);
  }

  count(now = Date.now()): number {
    for (const [id, at] of this.lastSeen) if (now - at > windowMs) this.lastSeen.delete(id);
    return this.lastSeen.size;
  }
}
