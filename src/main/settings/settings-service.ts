import { settingSchemas, type SettingKey, type SettingUpdate, type Settings } from '../../shared/contract';
import type { AuditLog } from '../audit';
import type { SqliteDatabase } from '../ledger';
import type { Actor } from '../supervisors/actor';

const DEFAULTS: Settings = { locale: null };

export interface SettingsService {
  /** Every setting, defaults filled in. */
  getAll(): Settings;
  /**
   * Saves one setting and returns them all; `settingRole` says who may. A supervisor's
   * setting is audited (`setting.changed`, with `actor`) in the same transaction.
   */
  set(update: SettingUpdate, actor: Actor): Settings;
}

/** The language and the sound volume are the operator's; the rest decide how the line is checked. */
const OPERATOR_SETTINGS: ReadonlySet<SettingKey> = new Set<SettingKey>(['locale', 'soundVolume']);

/** Who may change a setting. */
export function settingRole(key: SettingKey): 'operator' | 'supervisor' {
  return OPERATOR_SETTINGS.has(key) ? 'operator' : 'supervisor';
}

/** One row of the settings table; `connection.*` keys belong to the connection store. */
export interface SettingRow {
  key: string;
  value_json: string;
  updated_at: string;
}

/** Non-secret settings in the ledger. Secrets live elsewhere (safeStorage / env). */
export function createSettingsService(db: SqliteDatabase, audit: AuditLog, onChange?: (settings: Settings) => void): SettingsService {
  const selectAll = db.prepare('SELECT key, value_json FROM settings');
  const upsert = db.prepare(
    `INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`,
  );

  function getAll(): Settings {
    const settings: Record<string, unknown> = { ...DEFAULTS };
    for (const row of selectAll.all() as Pick<SettingRow, 'key' | 'value_json'>[]) {
      if (!(row.key in settingSchemas)) continue;
      // A value that no longer parses (older build, hand edit) falls back to the default.
      const parsed = settingSchemas[row.key as SettingKey].safeParse(JSON.parse(row.value_json));
      if (parsed.success) settings[row.key] = parsed.data;
    }
    return settings as Settings;
  }

  return {
    getAll,
    set(update, actor) {
      const value = settingSchemas[update.key].parse(update.value);
      db.transaction(() => {
        upsert.run(update.key, JSON.stringify(value), new Date().toISOString());
        // The language and the volume are the operator's own; everything else changes how the line is checked.
        if (settingRole(update.key) === 'supervisor') {
          audit.append({ actor, action: 'setting.changed', subject: `setting:${update.key}`, details: { value: value ?? null } });
        }
      }).immediate();
      const settings = getAll();
      onChange?.(settings);
      return settings;
    },
  };
}
