import type { Migration } from '../migrate';

/**
 * Number 9 belongs to the outbox lease (issue 11, another branch). This stand-in
 * only keeps the list in order on the reconcile branch, which uses number 10;
 * at merge the outbox branch's real 009 replaces this file.
 */
export const migration009ReservedOutboxLease: Migration = {
  version: 9,
  name: 'reserved-outbox-lease',
  sql: `SELECT 1;`,
};
