import type { Migration } from '../migrate';
import { migration001Settings } from './001-settings';
import { migration002AuditLog } from './002-audit-log';
import { migration003Batches } from './003-batches';
import { migration004Products } from './004-products';
import { migration005Supervisors } from './005-supervisors';
import { migration006Activations } from './006-activations';
import { migration007Verification } from './007-verification';
import { migration008LookupBuilds } from './008-lookup-builds';
import { migration009OutboxLease } from './009-outbox-lease';
import { migration010Reconcile } from './010-reconcile';
import { migration011PackageLayouts } from './011-package-layouts';
import { migration012FirstPass } from './012-first-pass';

/** Every schema change, in order. Append only: never edit a migration that has shipped. */
export const MIGRATIONS: readonly Migration[] = [
  migration001Settings,
  migration002AuditLog,
  migration003Batches,
  migration004Products,
  migration005Supervisors,
  migration006Activations,
  migration007Verification,
  migration008LookupBuilds,
  migration009OutboxLease,
  migration010Reconcile,
  migration011PackageLayouts,
  migration012FirstPass,
];
