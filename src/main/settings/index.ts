export { createSettingsService, settingRole, type SettingRow, type SettingsService } from './settings-service';
