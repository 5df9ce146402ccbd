import { settingSchemas, type SettingKey, type SettingUpdate, type Settings } from '../../shared/contract';
import type { SqliteDatabase } from '../ledger';

const DEFAULTS: Settings = { locale: null };

export interface SettingsService {
  getAll(): Settings;
  set(update: SettingUpdate): Settings;
}

/** Non-secret settings in the ledger. Secrets live elsewhere (safeStorage / env). */
export function createSettingsService(db: SqliteDatabase, onChange?: (settings: Settings) => void): SettingsService {
  const selectAll = db.prepare('SELECT key, value_json FROM settings');
  const upsert = db.prepare(
    `INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`,
  );

  function getAll(): Settings {
    const settings: Record<string, unknown> = { ...DEFAULTS };
    for (const row of selectAll.all() as { key: string; value_json: string }[]) {
      if (!(row.key in settingSchemas)) continue;
      // A value that no longer parses (older build, hand edit) falls back to the default.
      const parsed = settingSchemas[row.key as SettingKey].safeParse(JSON.parse(row.value_json));
      if (parsed.success) settings[row.key] = parsed.data;
    }
    return settings as Settings;
  }

  return {
    getAll,
    set(update) {
      const value = settingSchemas[update.key].parse(update.value);
      upsert.run(update.key, JSON.stringify(value), new Date().toISOString());
      const settings = getAll();
      onChange?.(settings);
      return settings;
    },
  };
}
