import type { PlatformOptions } from '../options.ts';
import type { PortName } from '../ports.ts';
import type { RunningParts } from './running-parts.ts';

/** What each part's start function is given, and where it reports. */
export interface PartContext {
  options: PlatformOptions;
  ports: Record<PortName, number>;
  /** One log file per part (JSON lines) in this folder. */
  logs: string;
  /** A progress line for a person watching. */
  say: (line: string) => void;
  /** Parts that are not running, and why (not landed yet, binary missing, a dependency down). */
  missing: Array<{ part: string; reason: string }>;
  /** Every part registers here once it is up; stopped in reverse order. */
  parts: RunningParts;
}
