import type { AppMode } from '../../shared/contract';
import { modeErrors } from '../../shared/error-catalogue/modes';
import type { ActiveConnection, ConnectionService } from '../connection';

/**
 * The connection as one mode's services see it: the client while the station is in that mode, MODE_SWITCHED once it
 * is in the other. A batch worker or outbox step that was under way when the mode changed can then never send its
 * mode's rows to the other mode's service (a Live application to the simulator, a training activation to WeChat).
 */
export function bindConnectionToMode(connection: Pick<ConnectionService, 'active'>, mode: AppMode): Pick<ConnectionService, 'active'> {
  return {
    async active(): Promise<ActiveConnection> {
      const active = await connection.active();
      if (active.mode !== mode) throw modeErrors.MODE_SWITCHED({ mode });
      return active;
    },
  };
}
