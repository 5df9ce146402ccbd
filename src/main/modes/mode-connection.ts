import type { AppMode } from '../../shared/contract';
import { modeErrors } from '../../shared/error-catalogue/modes';
import type { ActiveConnection, ConnectionService } from '../connection';

/**
 * The connection as one mode's part sees it: the client while that part is in force (`isCurrent`) and the station in
 * its mode, MODE_SWITCHED after. A batch worker or outbox step that was under way when the mode changed can then
 * never send its mode's rows to the other mode's service (a Live application to the simulator, a training activation
 * to WeChat), nor send at all once a newer part of the same mode has taken over its ledger.
 */
export function bindConnectionToMode(
  connection: Pick<ConnectionService, 'active'>,
  mode: AppMode,
  isCurrent: () => boolean,
): Pick<ConnectionService, 'active'> {
  return {
    async active(): Promise<ActiveConnection> {
      if (!isCurrent()) throw modeErrors.MODE_SWITCHED({ mode });
      const active = await connection.active();
      if (active.mode !== mode || !isCurrent()) throw modeErrors.MODE_SWITCHED({ mode });
      return active;
    },
  };
}
