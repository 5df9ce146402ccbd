/**
 * How a Training export is marked so its codes cannot pass for real ones on a carton (docs/modes.md, docs/export.md):
 * its file name starts with `TRAINING-`, every line (the header too) starts with a `TRAINING` field, and the manifest
 * says `"mode": "training"`. Live exports are written exactly as before.
 */
import { basename, dirname, join } from 'node:path';
import type { AppMode } from '../../../shared/contract';

export const TRAINING_FILE_PREFIX = 'TRAINING-';
/** The first field of every line of a Training export: a printer template's first column shows it on the carton. */
export const TRAINING_FIELD = 'TRAINING';

/** The path an export of this mode is written to: Training's base name always starts with the prefix, whoever chose it. */
export function markedTarget(target: string, mode: AppMode): string {
  if (mode !== 'training') return target;
  const name = basename(target);
  return name.startsWith(TRAINING_FILE_PREFIX) ? target : join(dirname(target), TRAINING_FILE_PREFIX + name);
}

/** The field every line of an export of this mode starts with; none in Live. */
export function leadingField(mode: AppMode): string | undefined {
  return mode === 'training' ? TRAINING_FIELD : undefined;
}
