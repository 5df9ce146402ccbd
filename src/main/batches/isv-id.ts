import { randomBytes } from 'node:crypto';

/**
 * Our `isv_application_id`: created and stored before the first `applycode`
 * so every retry reuses it. Readable (date first) and unique across stations.
 */
export function newIsvApplicationId(now: Date = new Date()): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '');
  return `MS-${day}-${randomBytes(6).toString('hex').toUpperCase()}`;
}
