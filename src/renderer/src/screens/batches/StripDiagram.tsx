import { useMemo } from 'react';
import type { PrintRunSummary, SegmentSummary } from '../../../../shared/batches-contract';
import type { MessageKey } from '../../i18n';
import { useT } from '../../i18n/use-t';
import { stripParts, type StripKind } from './strip-parts';
import { useFormat } from './use-format';

const KIND_LABEL: Record<StripKind, MessageKey> = {
  exported: 'batches.strip.kind.exported',
  imported: 'batches.strip.kind.imported',
  failed: 'batches.strip.kind.failed',
  free: 'batches.strip.kind.free',
};
const LEGEND_ORDER: StripKind[] = ['exported', 'imported', 'free', 'failed'];

/** The index space `[0, code_count)` as one bar: exported for print, imported, not imported (and failed). */
export function StripDiagram({
  codeCount,
  segments,
  printRuns,
}: {
  codeCount: number;
  segments: readonly SegmentSummary[];
  printRuns: readonly PrintRunSummary[];
}) {
  const t = useT();
  const format = useFormat();
  const parts = useMemo(() => stripParts(codeCount, segments, printRuns), [codeCount, segments, printRuns]);
  const totals = useMemo(() => {
    const sums: Record<StripKind, number> = { exported: 0, imported: 0, failed: 0, free: 0 };
    for (const part of parts) sums[part.kind] += part.end - part.start + 1;
    return sums;
  }, [parts]);
  if (codeCount <= 0) return null;

  const partTitle = (start: number, end: number, kind: StripKind) =>
    t('batches.strip.part', { range: format.range(start, end), count: format.count(end - start + 1), kind: t(KIND_LABEL[kind]) });

  return (
    <figure className="strip-diagram" data-testid="batches-strip">
      <div
        className="strip-bar"
        role="img"
        aria-label={t('batches.strip.label', {
          last: format.count(codeCount - 1),
          exported: format.count(totals.exported),
          imported: format.count(totals.imported),
          free: format.count(totals.free + totals.failed),
        })}
      >
        {parts.map((part) => (
          <div
            key={part.start}
            className={`strip-part strip-part--${part.kind}`}
            data-kind={part.kind}
            data-start={part.start}
            data-end={part.end}
            title={partTitle(part.start, part.end, part.kind)}
            style={{
              left: `${(part.start / codeCount) * 100}%`,
              // Tiny parts stay visible: at least 2px, even for one code in twenty million.
              width: `max(2px, ${((part.end - part.start + 1) / codeCount) * 100}%)`,
            }}
          />
        ))}
      </div>
      <div className="strip-scale muted" aria-hidden="true">
        <span>0</span>
        <span>{format.count(codeCount - 1)}</span>
      </div>
      <figcaption className="strip-legend">
        {LEGEND_ORDER.filter((kind) => kind !== 'failed' || totals.failed > 0).map((kind) => (
          <span key={kind} className="strip-legend__item" data-kind={kind}>
            <span className={`strip-swatch strip-part--${kind}`} aria-hidden="true" />
            {t(KIND_LABEL[kind])}
            <span className="muted">{t('batches.strip.total', { count: format.count(totals[kind]) })}</span>
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
