/**
 * The column mapping IT set by hand for packages that detection cannot read (Settings →
 * Connection → Package layout, or `--layout` in the CLI), saved per account in the
 * settings table: each Service Account's packages have their own layout.
 */
import { z } from 'zod';
import type { PackageLayoutInfo } from '../../shared/package-contract';
import type { AuditLog } from '../audit';
import type { ActiveConnection } from '../connection';
import type { SqliteDatabase } from '../ledger';
import { COLUMN_ROLES, isUsableMapping, type ColumnRole } from '../packages';
import type { Actor } from '../supervisors/actor';

export interface PackageLayoutSetting {
  /** The mapping for `account`, or null: the importer detects the columns. */
  read(account: string): ColumnRole[] | null;
  /** Sets (or with null clears) the mapping of `account`, audited. */
  write(account: string, columns: readonly ColumnRole[] | null, actor: Actor): void;
}

const storedSchema = z.array(z.enum(COLUMN_ROLES)).refine(isUsableMapping);
const keyOf = (account: string) => `package_layout.${account}`;

export function createPackageLayoutSetting(db: SqliteDatabase, audit: AuditLog, now: () => number): PackageLayoutSetting {
  const select = db.prepare('SELECT value_json FROM settings WHERE key = ?').pluck();
  const upsert = db.prepare(
    `INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare('DELETE FROM settings WHERE key = ?');
  return {
    read(account) {
      const stored = select.get(keyOf(account)) as string | undefined;
      if (stored === undefined) return null;
      const parsed = storedSchema.safeParse(JSON.parse(stored));
      return parsed.success ? parsed.data : null;
    },
    write(account, columns, actor) {
      db.transaction(() => {
        if (columns === null) remove.run(keyOf(account));
        else upsert.run(keyOf(account), JSON.stringify(columns), new Date(now()).toISOString());
        audit.append({
          actor,
          action: 'package_layout.set',
          subject: `account:${account}`,
          details: { columns: columns === null ? null : columns.join(',') },
        });
      }).immediate();
    },
  };
}

/** The setting for whichever account the active connection is: what the bridge and the CLI call. */
export function packageLayoutOfActiveAccount(setting: PackageLayoutSetting, connection: () => Promise<ActiveConnection>) {
  const current = async (): Promise<PackageLayoutInfo> => {
    const { account } = await connection();
    return { account, columns: setting.read(account) };
  };
  return {
    packageLayout: current,
    async setPackageLayout(columns: readonly ColumnRole[] | null, actor: Actor): Promise<PackageLayoutInfo> {
      const { account } = await connection();
      setting.write(account, columns, actor);
      return current();
    },
  };
}
