import type { DispatchAccess } from '@main/bridge';

/**
 * Dispatch access for tests of something other than roles: an operator station
 * (supervisor channels are refused as at a locked station, operator ones act as 'operator').
 */
export const operatorAccess: DispatchAccess = {
  gate: {
    requireSupervisor: (action) => {
      throw new Error(`test dispatch: ${action} needs a supervisor`);
    },
    currentActor: () => 'operator',
  },
  settings: () => ({ locale: null }),
};
