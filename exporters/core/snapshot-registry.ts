import { Registry } from 'prom-client';
import { createRegistry } from '../../lib/metrics/registry.ts';

/**
 * A registry whose scrape never does I/O: our metrics render from memory, and Node.js process
 * metrics (which read /proc and walk the heap: about 1 ms, tens of ms under CPU contention) are
 * collected on a timer and appended as the last snapshot's text.
 */
export class SnapshotRegistry extends Registry {
  private readonly processRegistry = createRegistry(true);
  private snapshot = '';
  private timer: NodeJS.Timeout | undefined;

  /** Takes a process-metrics snapshot now and then every `intervalMs`. */
  async startSnapshots(intervalMs: number): Promise<void> {
    await this.takeSnapshot();
    this.timer = setInterval(() => void this.takeSnapshot(), intervalMs);
    this.timer.unref();
  }

  stopSnapshots(): void {
    clearInterval(this.timer);
  }

  override async metrics(): Promise<string> {
    return (await super.metrics()) + this.snapshot;
  }

  private async takeSnapshot(): Promise<void> {
    this.snapshot = await this.processRegistry.metrics().catch(() => this.snapshot);
  }
}
