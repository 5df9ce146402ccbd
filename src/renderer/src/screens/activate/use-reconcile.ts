import { useCallback, useEffect, useState } from 'react';
import type { ReconcileReport, ReconcileResolve } from '@shared/reconcile-contract';
import type { AppErrorPayload } from '@shared/errors';
import { call } from '@renderer/api/call';
import { showRefusal } from '@renderer/api/refusal';

/**
 * The reconcile report (last run, open and recently resolved findings): loaded on
 * mount; `run` and `resolve` call main and show the new report. Busy states and
 * refusals are the caller's (useAction).
 */
export function useReconcile(): {
  report: ReconcileReport | undefined;
  loadError: AppErrorPayload | undefined;
  run(): Promise<ReconcileReport>;
  resolve(request: ReconcileResolve): Promise<void>;
} {
  const [report, setReport] = useState<ReconcileReport | undefined>();
  const [loadError, setLoadError] = useState<AppErrorPayload | undefined>();

  const reload = useCallback(async () => {
    setReport(await call('reconcile.findings', {}));
  }, []);

  useEffect(() => {
    let current = true;
    call('reconcile.findings', {}).then(
      (next) => {
        if (current) setReport(next);
      },
      showRefusal((error) => {
        if (current) setLoadError(error);
      }),
    );
    return () => {
      current = false;
    };
  }, []);

  const run = useCallback(async () => {
    const next = await call('reconcile.run', {});
    setReport(next);
    return next;
  }, []);

  const resolve = useCallback(
    async (request: ReconcileResolve) => {
      await call('reconcile.resolve', request);
      await reload();
    },
    [reload],
  );

  return { report, loadError, run, resolve };
}
