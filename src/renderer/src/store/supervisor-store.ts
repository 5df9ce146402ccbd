import { create } from 'zustand';
import type { AppErrorPayload } from '@shared/errors';
import type { SupervisorStatus } from '@shared/supervisors-contract';
import { call, setSupervisorPrompt } from '../api/call';

/** The unlock dialog: open with the refusal that opened it (undefined when the user pressed Unlock), or closed. */
export type UnlockPrompt = { reason: AppErrorPayload | undefined } | null;

interface SupervisorState {
  /** Undefined until main answered (or when it could not): then nothing is gated in the renderer. */
  status: SupervisorStatus | undefined;
  /** When `status` arrived (ms): "minutes left" never counts from an older clock reading than this. */
  statusAt: number;
  prompt: UnlockPrompt;
  load(): Promise<void>;
  /** Follows `supervisor.changed` (unlock, lock, expiry, setup, add, disable); returns the unsubscribe. */
  subscribe(): () => void;
  applyStatus(status: SupervisorStatus): void;
  /** Opens the unlock dialog; resolves true once unlocked, false when cancelled. */
  openUnlock(reason?: AppErrorPayload): Promise<boolean>;
  cancelUnlock(): void;
  /** Throws CallError (wrong PIN, lockout…); the dialog stays open. */
  unlock(name: string, pin: string): Promise<void>;
  lock(): Promise<void>;
  /** First run; throws CallError. */
  setup(name: string, pin: string): Promise<void>;
}

/** Whoever waits for the dialog: calls refused with SUPERVISOR_REQUIRED, or a press of Unlock. */
let waiting: ((unlocked: boolean) => void)[] = [];
function settleWaiting(unlocked: boolean): void {
  const settled = waiting;
  waiting = [];
  for (const resolve of settled) resolve(unlocked);
}

function stamped(status: SupervisorStatus): { status: SupervisorStatus; statusAt: number } {
  return { status, statusAt: Date.now() };
}

export const useSupervisorStore = create<SupervisorState>((set, get) => ({
  status: undefined,
  statusAt: 0,
  prompt: null,

  async load() {
    try {
      set(stamped(await call('supervisor.status', {})));
    } catch {
      // An older main or a failed call: leave the screens ungated; main still refuses what it must.
    }
  },

  subscribe: () => window.api.on('supervisor.changed', (status) => get().applyStatus(status)),

  applyStatus: (status) => set(stamped(status)),

  openUnlock(reason) {
    set({ prompt: { reason } });
    return new Promise<boolean>((resolve) => waiting.push(resolve));
  },

  cancelUnlock() {
    if (get().prompt) set({ prompt: null });
    settleWaiting(false);
  },

  async unlock(name, pin) {
    const status = await call('supervisor.unlock', { name, pin });
    set({ ...stamped(status), prompt: null });
    settleWaiting(true);
  },

  async lock() {
    set(stamped(await call('supervisor.lock', {})));
  },

  async setup(name, pin) {
    set(stamped(await call('supervisor.setup', { name, pin })));
  },
}));

/**
 * Any call refused with SUPERVISOR_REQUIRED opens the unlock dialog and is sent
 * again once a supervisor unlocked. Returns the uninstall.
 */
export function installSupervisorPrompt(): () => void {
  return setSupervisorPrompt((refusal) => useSupervisorStore.getState().openUnlock(refusal));
}
