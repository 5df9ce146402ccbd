import { useEffect, type ReactNode } from 'react';
import type { Screen } from '@renderer/store/app-store';
import { installSupervisorPrompt, useSupervisorStore } from '@renderer/store/supervisor-store';
import { PinChangeDialog } from './PinChangeDialog';
import { SetupScreen } from './SetupScreen';
import { UnlockDialog } from './UnlockDialog';

/**
 * Mounted once by the shell: loads and follows the supervisor status, opens the
 * unlock dialog for any call refused with SUPERVISOR_REQUIRED, and shows it; after
 * an unlock with a too-short PIN it shows the change-PIN form instead.
 */
export function SupervisorLayer() {
  const prompt = useSupervisorStore((state) => state.prompt);
  const mustChange = useSupervisorStore((state) => (state.status?.unlocked?.pinChangeRequired ? state.status.unlocked.name : undefined));
  useEffect(() => {
    const store = useSupervisorStore.getState();
    const unsubscribe = store.subscribe();
    const uninstall = installSupervisorPrompt();
    void store.load();
    return () => {
      unsubscribe();
      uninstall();
      useSupervisorStore.getState().cancelUnlock();
    };
  }, []);
  if (mustChange !== undefined) return <PinChangeDialog name={mustChange} />;
  return prompt ? <UnlockDialog reason={prompt.reason} /> : null;
}

/** Before the first supervisor exists, every screen but Settings (IT may need it) shows the setup instead. */
export function FirstRunGate({ screen, children }: { screen: Screen; children: ReactNode }) {
  const setupNeeded = useSupervisorStore((state) => state.status?.setupNeeded === true);
  if (setupNeeded && screen !== 'settings') return <SetupScreen />;
  return children;
}
