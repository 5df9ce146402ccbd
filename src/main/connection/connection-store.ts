import { z } from 'zod';
import { credentialKindSchema, modeSchema, type AppMode, type CredentialKind } from '../../shared/contract';
import type { SqliteDatabase } from '../ledger';
import type { SettingRow } from '../settings';
import { LIVE_BASE_URL } from '../wechat';

/** The non-secret part of the connection, kept in the settings table under `connection.*`. */
export interface StoredConnection {
  mode: AppMode;
  credentialKind: CredentialKind;
  appid: string;
  baseUrl: string;
}

const FIELDS = {
  mode: modeSchema,
  credentialKind: credentialKindSchema,
  appid: z.string(),
  baseUrl: z.string(),
} as const;

const DEFAULTS: StoredConnection = { mode: 'training', credentialKind: 'secret', appid: '', baseUrl: LIVE_BASE_URL };

export interface ConnectionStore {
  read(): StoredConnection;
  write(connection: StoredConnection): void;
}

export function createConnectionStore(db: SqliteDatabase): ConnectionStore {
  const select = db.prepare("SELECT key, value_json FROM settings WHERE key LIKE 'connection.%'");
  const upsert = db.prepare(
    `INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`,
  );
  return {
    read() {
      const stored: Record<string, unknown> = { ...DEFAULTS };
      for (const row of select.all() as Pick<SettingRow, 'key' | 'value_json'>[]) {
        const field = row.key.slice('connection.'.length) as keyof typeof FIELDS;
        const parsed = FIELDS[field]?.safeParse(JSON.parse(row.value_json));
        if (parsed?.success) stored[field] = parsed.data;
      }
      return stored as unknown as StoredConnection;
    },
    write(connection) {
      const now = new Date().toISOString();
      db.transaction(() => {
        for (const field of Object.keys(FIELDS) as (keyof StoredConnection)[]) {
          upsert.run(`connection.${field}`, JSON.stringify(connection[field]), now);
        }
      }).immediate();
    },
  };
}
