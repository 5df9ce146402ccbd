import type { Migration } from '../migrate';
import { migration001Settings } from './001-settings';

/** Every schema change, in order. Append only: never edit a migration that has shipped. */
export const MIGRATIONS: readonly Migration[] = [migration001Settings];
