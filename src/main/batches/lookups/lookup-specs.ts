/** The scan look-ups, what a build reports and how it can stop: shared by the builder and its parts. */

/** The two scan look-ups and the `codes` column each is keyed by. */
export const LOOKUPS = [
  { lookup: 'code_url', table: 'code_url_lookup', column: 'code_url' },
  { lookup: 'code', table: 'code_lookup', column: 'code' },
] as const;
export type LookupName = (typeof LOOKUPS)[number]['lookup'];
export type LookupSpec = (typeof LOOKUPS)[number];

export interface LookupBuildProgress {
  application_id: number;
  lookup: LookupName;
  /** Keys of this look-up merged so far in this build (including earlier runs of it). */
  merged: number;
  /** Keys of this look-up the build merges in all. */
  total: number;
}

export type LookupBuildOutcome =
  | { kind: 'nothing-to-build' }
  | { kind: 'built'; segments: number; codes: number }
  /** Codes already in the ledger (or twice in this application): those segments were failed; build again for the rest. */
  | { kind: 'conflict'; failed_segments: { code_start: number; code_end: number }[] };

export const LOOKUP_BUILD_PAUSED = 'LookupBuildPausedError';

/** The app is closing: the build stops between chunks and resumes from its cursor at the next start. */
export class LookupBuildPausedError extends Error {
  constructor(applicationId: number) {
    super(`the look-up build of application ${applicationId} was paused because the app is closing; it resumes at the next start`);
    // The name crosses the thread boundary (reviveThreadError keeps it); the class does not.
    this.name = LOOKUP_BUILD_PAUSED;
  }
}

/** Another process advanced this build between our read and our write (two stations on one ledger). */
export class LookupBuildMovedError extends Error {
  constructor(applicationId: number) {
    super(`the look-up build of application ${applicationId} was advanced by another process`);
  }
}
