import type { PackageLayout } from './types';

/** Settings the admin API can change while the server runs (in memory, not persisted). */
export interface RuntimeSettings {
  latencyMs: number;
  /** Applied when an application is created (its FINISH time is stored with it). */
  finishDelayMs: number;
  /** Applied when an application is created (its segments are stored with it). */
  segmentSize: number;
  /** Applied to every download. */
  packageLayout: PackageLayout;
}
