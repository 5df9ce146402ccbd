/**
 * Who a sender is, and whether the sender named in a lease still runs: the
 * OS-facing half of the lease (the rules are in outbox-lease.ts).
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { ownerProcess, senderId } from './outbox-lease';

/** A fresh id for a sender of this process: host, pid and 8 random hex digits. */
export function newSenderId(): string {
  return senderId(hostname(), process.pid, randomBytes(4).toString('hex'));
}

/**
 * True only when the owner ran on this host and no process with its pid exists
 * now (a sender killed). False when it cannot tell: another host, a pid taken
 * by another process since, or a process of another user (EPERM): the lease
 * then runs out on its own.
 */
export function isSenderGone(owner: string): boolean {
  const owning = ownerProcess(owner);
  if (!owning || owning.host !== hostname()) return false;
  if (owning.pid === process.pid) return false;
  try {
    process.kill(owning.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
