import { useState, type ReactNode } from 'react';
import type { ActivationSummary } from '@shared/activation-contract';
import { useT } from '@renderer/i18n/use-t';
import { useActivationStore } from '@renderer/store/activation-store';
import { useBatchesStore } from '@renderer/store/batches-store';
import { useFormat } from '../batches/use-format';
import { ActivationList, ActivationStateChip } from './ActivationList';
import { ActivateUnavailable } from './ActivateUnavailable';
import { ChooseCard } from './ChooseCard';
import { ConfirmCard } from './ConfirmCard';
import { RangeMapCard } from './RangeMapCard';
import { ReconcileCard } from './ReconcileCard';
import { RangePanel, type RangeTab } from './RangePanel';
import { useActivateChoice, useActivateData } from './use-activate-choice';
import { useApplicationActivations, useApplicationDetail } from './use-activations';
import { useRangeResolution } from './use-range-resolution';

/**
 * Activate: a supervisor picks the application and the product, gives the range
 * printed on the carton run (scan, print run or indices), confirms, and watches
 * the activation go pending → sending → active on the list and the range map.
 */
export function ActivateScreen() {
  const applications = useBatchesStore((state) => state.applications);
  const list = useBatchesStore((state) => state.list);
  const chooseApplication = useActivationStore((state) => state.chooseApplication);
  useActivateData();
  const { eligible, application, applicationId, product } = useActivateChoice();

  const [tab, setTab] = useState<RangeTab>('scan');
  /** Bumped after each recorded activation: the range fields start empty for the next carton run. */
  const [run, setRun] = useState(0);
  const [recordedId, setRecordedId] = useState<number | undefined>();

  const { activations, error: activationsError } = useApplicationActivations(applicationId);
  const { detail, error: detailError } = useApplicationDetail(application?.isv_application_id, application?.updated_at);
  const { resolution, resolve, clear } = useRangeResolution(applicationId);
  const range = resolution.status === 'resolved' ? resolution.range : undefined;

  function onRecorded(activation: ActivationSummary) {
    setRecordedId(activation.id);
    clear();
    setRun((value) => value + 1);
  }

  if (list.status !== 'ready' || eligible.length === 0) {
    return (
      <ActivateFrame>
        <ActivateUnavailable />
      </ActivateFrame>
    );
  }

  return (
    <ActivateFrame>
      <div className="activate-layout">
        <div className="activate-column">
          <ChooseCard
            eligible={eligible}
            applicationId={applicationId}
            product={product}
            productMissing={range !== undefined && !product}
            onApplication={(id) => {
              chooseApplication(id);
              setRecordedId(undefined);
              clear();
            }}
          />

          <RangePanel
            key={run}
            tab={tab}
            onTab={setTab}
            applicationId={applicationId}
            printRuns={detail?.print_runs}
            activations={activations}
            resolution={resolution}
            onResolve={(source) => {
              setRecordedId(undefined);
              void resolve(source);
            }}
            onClear={clear}
          />

          <RecordedLine recordedId={recordedId} />

          {range ? (
            <ConfirmCard
              key={`${range.application_id}:${range.code_start}:${range.code_end}`}
              range={range}
              application={applications.find((item) => item.application_id === range.application_id)}
              product={product}
              onRecorded={onRecorded}
            />
          ) : null}
        </div>

        <div className="activate-column">
          <RangeMapCard application={application} detail={detail} detailError={detailError} activations={activations} range={range} />
          <ActivationList activations={activations} error={activationsError} />
          <ReconcileCard />
        </div>
      </div>
    </ActivateFrame>
  );
}

/** The screen's section and title around what it shows. */
function ActivateFrame({ children }: { children: ReactNode }) {
  const t = useT();
  return (
    <section className="screen activate" data-testid="screen-activate">
      <div className="batches-header">
        <h1>{t('activate.title')}</h1>
      </div>
      {children}
    </section>
  );
}

/** "Activation #12 recorded: …" with its live state, after Confirm. */
function RecordedLine({ recordedId }: { recordedId: number | undefined }) {
  const t = useT();
  const format = useFormat();
  const recorded = useActivationStore((state) => (recordedId === undefined ? undefined : state.byId[recordedId]));
  if (!recorded) return null;
  return (
    <p className="card activate-recorded" data-testid="activate-recorded" role="status">
      {t('activate.recorded', {
        id: recorded.id,
        range: format.range(recorded.code_start, recorded.code_end),
        count: format.count(recorded.count),
      })}{' '}
      <ActivationStateChip state={recorded.state} />
    </p>
  );
}
