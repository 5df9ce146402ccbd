import { useId } from 'react';
import { VERDICTS, type Verdict } from '@shared/verification-contract';
import { SegmentToggle } from '@renderer/components/Segmented';
import { useT } from '@renderer/i18n/use-t';
import { useLogStore } from '@renderer/store/log-store';
import { RANGE_PICKS } from './time-range';

const FAILURES: Verdict[] = VERDICTS.filter((verdict) => verdict !== 'PASS');
/** Action families the audit log knows today; any other prefix can be typed. */
const ACTION_FAMILIES = ['application', 'segment', 'print_run', 'activation', 'product', 'products', 'supervisor', 'session', 'scan'];

/** Time quick picks (and custom from/to), then the open tab's own filters. */
export function LogFilters({ stations, actors }: { stations: readonly string[]; actors: readonly string[] }) {
  const t = useT();
  const id = useId();
  const tab = useLogStore((state) => state.tab);
  return (
    <div className="card log-filters" role="group" aria-label={t('log.filters.label')} data-testid="log-filters">
      <RangeFilter id={id} />
      {tab === 'scans' ? <VerdictFilter id={id} /> : null}
      <FieldFilters id={id} stations={stations} actors={actors} />
    </div>
  );
}

/** Today, this shift, … or a custom from/to. */
function RangeFilter({ id }: { id: string }) {
  const t = useT();
  const filters = useLogStore((state) => state.filters);
  const setFilters = useLogStore((state) => state.setFilters);
  return (
    <div className="log-filter-row" role="group" aria-labelledby={`${id}-range`}>
      <span className="log-filter-label" id={`${id}-range`}>
        {t('log.range.label')}
      </span>
      <div className="segmented">
        {RANGE_PICKS.map((pick) => (
          <SegmentToggle key={pick} on={filters.pick === pick} data={{ 'data-pick': pick }} onClick={() => setFilters({ pick })}>
            {t(`log.range.${pick}`)}
          </SegmentToggle>
        ))}
      </div>
      {filters.pick === 'custom' ? (
        <div className="log-custom-range">
          <label className="form-field">
            <span className="form-field__label">{t('log.range.from')}</span>
            <input
              type="datetime-local"
              name="from"
              value={filters.customFrom}
              onChange={(event) => setFilters({ customFrom: event.target.value })}
            />
          </label>
          <label className="form-field">
            <span className="form-field__label">{t('log.range.to')}</span>
            <input
              type="datetime-local"
              name="to"
              value={filters.customTo}
              onChange={(event) => setFilters({ customTo: event.target.value })}
            />
          </label>
        </div>
      ) : null}
    </div>
  );
}

/** All, only failures, or chosen verdicts (kept in the contract's order). */
function VerdictFilter({ id }: { id: string }) {
  const t = useT();
  const filters = useLogStore((state) => state.filters);
  const setFilters = useLogStore((state) => state.setFilters);
  const toggleVerdict = (verdict: Verdict) =>
    setFilters({
      verdicts: filters.verdicts.includes(verdict)
        ? filters.verdicts.filter((item) => item !== verdict)
        : VERDICTS.filter((item) => item === verdict || filters.verdicts.includes(item)),
    });
  const onlyFailures = filters.verdicts.length === FAILURES.length && FAILURES.every((verdict) => filters.verdicts.includes(verdict));
  return (
    <div className="log-filter-row" role="group" aria-labelledby={`${id}-verdicts`}>
      <span className="log-filter-label" id={`${id}-verdicts`}>
        {t('log.verdicts.label')}
      </span>
      <div className="segmented log-verdict-chips">
        <SegmentToggle
          on={filters.verdicts.length === 0}
          data={{ 'data-verdict-chip': 'all' }}
          onClick={() => setFilters({ verdicts: [] })}
        >
          {t('log.verdicts.all')}
        </SegmentToggle>
        <SegmentToggle
          on={onlyFailures}
          data={{ 'data-verdict-chip': 'failures' }}
          onClick={() => setFilters({ verdicts: onlyFailures ? [] : FAILURES })}
        >
          {t('log.verdicts.failures')}
        </SegmentToggle>
        {VERDICTS.map((verdict) => (
          <SegmentToggle
            key={verdict}
            on={filters.verdicts.includes(verdict)}
            className={`log-verdict-chip log-verdict-chip--${verdict === 'PASS' ? 'pass' : 'fail'}`}
            data={{ 'data-verdict-chip': verdict }}
            onClick={() => toggleVerdict(verdict)}
          >
            {t(`log.verdict.${verdict}`)}
          </SegmentToggle>
        ))}
      </div>
    </div>
  );
}

/** The tab's text filters (station, or actor and action) with suggestions, and the application. */
function FieldFilters({ id, stations, actors }: { id: string; stations: readonly string[]; actors: readonly string[] }) {
  const t = useT();
  const tab = useLogStore((state) => state.tab);
  const filters = useLogStore((state) => state.filters);
  const setFilters = useLogStore((state) => state.setFilters);
  const applications = useLogStore((state) => state.applications);
  return (
    <div className="log-filter-fields">
      {tab === 'scans' ? (
        <SuggestField name="station" listId={`${id}-stations`} suggestions={stations} />
      ) : (
        <>
          <SuggestField name="actor" listId={`${id}-actors`} suggestions={actors} />
          <SuggestField name="action" listId={`${id}-actions`} suggestions={ACTION_FAMILIES} />
        </>
      )}
      <label className="form-field">
        <span className="form-field__label">{t('log.application.label')}</span>
        <select name="application" value={filters.application} onChange={(event) => setFilters({ application: event.target.value })}>
          <option value="">{t('log.application.all')}</option>
          {applications.map(({ application_id, label }) => (
            <option key={application_id} value={String(application_id)}>
              {label
                ? t('log.application.optionLabelled', { id: application_id, label })
                : t('log.application.option', { id: application_id })}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

/** A text filter that suggests what the log holds (any other text can be typed). */
function SuggestField({
  name,
  listId,
  suggestions,
}: {
  name: 'station' | 'actor' | 'action';
  listId: string;
  suggestions: readonly string[];
}) {
  const t = useT();
  const value = useLogStore((state) => state.filters[name]);
  const setFilters = useLogStore((state) => state.setFilters);
  return (
    <label className="form-field">
      <span className="form-field__label">{t(`log.${name}.label`)}</span>
      <input
        name={name}
        list={listId}
        placeholder={t(`log.${name}.placeholder`)}
        value={value}
        onChange={(event) => setFilters({ [name]: event.target.value })}
      />
      <datalist id={listId}>
        {suggestions.map((suggestion) => (
          <option key={suggestion} value={suggestion} />
        ))}
      </datalist>
    </label>
  );
}
