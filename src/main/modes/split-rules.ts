/**
 * Which rows of a ledger written before Training had its own (one shared by both modes) belong to Training:
 * pure decisions over plain facts, tested by tables (test/unit/modes/split-rules.test.ts).
 */

/** An application as the shared ledger holds it. */
export interface LedgerApplicationFact {
  isv_application_id: string;
  application_id: number | null;
}

/**
 * The applications that were made in Training: those the Training simulator's state knows by their isv id (the
 * idempotency key every applycode carries). WeChat's and the simulator's application ids are separate number spaces,
 * so an application id alone says nothing; an application whose applycode never reached the simulator cannot be told
 * apart and stays with Live, where it was never sent (docs/modes.md).
 */
export function trainingApplications(
  ledger: readonly LedgerApplicationFact[],
  simulatorIsvIds: ReadonlySet<string>,
): LedgerApplicationFact[] {
  return ledger.filter((application) => simulatorIsvIds.has(application.isv_application_id));
}

/** A demo product as the shared ledger holds it, and whether Live's records still point at it. */
export interface DemoProductFact {
  product_code: string;
  /** A Live activation or session uses it (after the Training applications have moved). */
  usedByLive: boolean;
}

/** What happens to a demo product: it always goes to Training; it leaves Live unless Live still uses it. */
export function demoProductMove(product: DemoProductFact): 'move' | 'copy' {
  return product.usedByLive ? 'copy' : 'move';
}
