import { hostname } from 'node:os';
import { VERIFY_SETTING_DEFAULTS } from '../../shared/contract';
import { normalizeScan } from '../scan/normalize-scan';
import { ackModeOf, type AckMode } from './acknowledgement-rules';

/** What the engine needs of the station's settings. */
export interface StationSettings {
  /** The name scans and sessions are recorded under. */
  station: string;
  ackMode: AckMode;
  /** The ACK code as a scan of it normalises; null in button mode. */
  ackCode: string | null;
}

const MAX_STATION_LENGTH = 64;

/**
 * The station's settings from the settings store's values: the station is the given name, else the
 * `stationName` setting, else the host's name; the ACK code only counts in ack_code mode.
 */
export function stationSettingsOf(all: Record<string, unknown>, stationName: string | undefined, host: string): StationSettings {
  const configuredName = typeof all.stationName === 'string' ? all.stationName.trim() : '';
  const station = (stationName ?? (configuredName || host)).slice(0, MAX_STATION_LENGTH) || 'station';
  const ackMode = ackModeOf(all);
  const rawCode = typeof all.ackCode === 'string' && all.ackCode.trim() ? all.ackCode : VERIFY_SETTING_DEFAULTS.ackCode;
  // Compared as scanned: a printed ACK code comes through the same scanner (prefix, case, terminator).
  return { station, ackMode, ackCode: ackMode === 'ack_code' ? normalizeScan(rawCode).value : null };
}

/** The settings read once, and again after `forget()` (on settings.changed): the scan path reads them every time. */
export function createStationSettings(source: { getAll(): object } | undefined, stationName: string | undefined) {
  let cached: StationSettings | undefined;
  return {
    read(): StationSettings {
      cached ??= stationSettingsOf((source?.getAll() ?? {}) as Record<string, unknown>, stationName, hostname());
      return cached;
    },
    forget(): void {
      cached = undefined;
    },
  };
}

export type StationSettingsSource = ReturnType<typeof createStationSettings>;
