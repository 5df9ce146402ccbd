import { useT } from '@renderer/i18n/use-t';
import type { IndexProblem, RangeProblem } from './export-check';
import { useFormat } from './use-format';

/** The export form's problems in the user's words, numbers with thousands separators. */
export function useExportMessages() {
  const t = useT();
  const format = useFormat();
  const indexMessage = (problem: IndexProblem) =>
    t(problem === 'required' ? 'batches.exportProblem.required' : 'batches.exportProblem.notInteger');
  const rangeMessage = (problem: RangeProblem): string => {
    switch (problem.kind) {
      case 'reversed':
        return t('batches.exportProblem.reversed');
      case 'outside':
        return t('batches.exportProblem.outside', { last: format.count(problem.last) });
      case 'notImported': {
        const index = format.count(problem.index);
        if (!problem.segment) return t('batches.exportProblem.notImported', { index });
        const params = { index, segment: format.range(problem.segment.code_start, problem.segment.code_end) };
        return problem.segment.state === 'failed'
          ? t('batches.exportProblem.notImportedFailed', params)
          : t('batches.exportProblem.notImportedPending', params);
      }
    }
  };
  return { indexMessage, rangeMessage };
}
