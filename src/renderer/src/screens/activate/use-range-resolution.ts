import { useRef, useState } from 'react';
import type { RangeSource } from '@shared/activation-contract';
import { attempt } from '@renderer/api/refusal';
import { useActivationStore } from '@renderer/store/activation-store';
import type { Resolution } from './RangePanel';

/**
 * The range lookup of the Activate screen: only the latest answer lands (a
 * person may scan again before main answers), and a scanned range chooses
 * its application.
 */
export function useRangeResolution(applicationId: number | undefined) {
  const resolveRange = useActivationStore((state) => state.resolveRange);
  const chooseApplication = useActivationStore((state) => state.chooseApplication);
  const [resolution, setResolution] = useState<Resolution>({ status: 'idle' });
  const lookup = useRef(0);

  async function resolve(source: RangeSource) {
    const mine = ++lookup.current;
    setResolution({ status: 'resolving' });
    const outcome = await attempt(() => resolveRange(source));
    if (mine !== lookup.current) return;
    if (!outcome.ok) {
      setResolution({ status: 'refused', error: outcome.error });
      return;
    }
    // Scanned codes say which application they belong to.
    if (outcome.value.application_id !== applicationId) chooseApplication(outcome.value.application_id);
    setResolution({ status: 'resolved', range: outcome.value });
  }

  /** Drops the range (and any answer still on its way). */
  function clear() {
    lookup.current++;
    setResolution((previous) => (previous.status === 'idle' ? previous : { status: 'idle' }));
  }

  return { resolution, resolve, clear };
}
