import { useEffect, useMemo, useState } from 'react';
import type { ActivationSummary } from '@shared/activation-contract';
import type { ApplicationDetail } from '@shared/batches-contract';
import type { AppErrorPayload } from '@shared/errors';
import { call } from '@renderer/api/call';
import { refusalOf } from '@renderer/api/refusal';
import { activationsOf, useActivationStore } from '@renderer/store/activation-store';

/**
 * One application's activations, newest first, listed on mount and kept live by
 * `activation.changed` while the caller is mounted (the Activate screen, the
 * Batches detail). `undefined` application: nothing.
 */
export function useApplicationActivations(applicationId: number | null | undefined): {
  activations: ActivationSummary[];
  error: AppErrorPayload | undefined;
} {
  const byId = useActivationStore((state) => state.byId);
  const load = useActivationStore((state) => (applicationId == null ? undefined : state.loads[applicationId]));
  const subscribe = useActivationStore((state) => state.subscribe);
  const loadActivations = useActivationStore((state) => state.load);

  useEffect(() => subscribe(), [subscribe]);
  useEffect(() => {
    if (applicationId != null) void loadActivations(applicationId);
  }, [applicationId, loadActivations]);

  const activations = useMemo(() => activationsOf(byId, applicationId), [byId, applicationId]);
  return { activations, error: load?.status === 'failed' ? load.error : undefined };
}

/**
 * An application's segments and print runs for the Activate screen's range map
 * and print-run tab, fetched again whenever `version` (its summary's
 * `updated_at`) moves. Answers for an application no longer shown are dropped.
 */
export function useApplicationDetail(
  isv: string | undefined,
  version: string | undefined,
): { detail: ApplicationDetail | undefined; error: AppErrorPayload | undefined } {
  const [state, setState] = useState<{ isv: string; detail?: ApplicationDetail; error?: AppErrorPayload } | undefined>();

  useEffect(() => {
    if (!isv) return;
    let current = true;
    call('batches.get', { isv_application_id: isv }).then(
      (detail) => {
        if (current) setState({ isv, detail });
      },
      (error: unknown) => {
        if (!current) return;
        const refusal = refusalOf(error);
        setState((previous) => ({ isv, detail: previous?.isv === isv ? previous.detail : undefined, error: refusal }));
      },
    );
    return () => {
      current = false;
    };
  }, [isv, version]);

  if (!isv || state?.isv !== isv) return { detail: undefined, error: undefined };
  return { detail: state.detail, error: state.error };
}
