import { useMemo } from 'react';
import type { ActivationSummary } from '@shared/activation-contract';
import type { PrintRunSummary, SegmentSummary } from '@shared/batches-contract';
import type { MessageKey, Translate } from '@renderer/i18n';
import { useT } from '@renderer/i18n/use-t';
import { stripParts, type StripKind, type StripPart } from './strip-parts';
import { useFormat, type Formatters } from './use-format';

const KIND_LABEL: Record<StripKind, MessageKey> = {
  active: 'rangeMap.kind.active',
  pending: 'rangeMap.kind.pending',
  activationFailed: 'rangeMap.kind.activationFailed',
  exported: 'batches.strip.kind.exported',
  imported: 'batches.strip.kind.imported',
  failed: 'batches.strip.kind.failed',
  free: 'batches.strip.kind.free',
};
const LEGEND_ORDER: StripKind[] = ['active', 'pending', 'activationFailed', 'exported', 'imported', 'free', 'failed'];
const ACTIVATION_KINDS: ReadonlySet<StripKind> = new Set(['active', 'pending', 'activationFailed']);
/** Shown in the legend even at zero: what a supervisor looks for. The others only when present. */
const ALWAYS_LISTED: ReadonlySet<StripKind> = new Set(['active', 'pending', 'exported', 'imported', 'free']);

/** What an activation's part says on hover: which activation, its whole range, its state, its product, its confirmation. */
export function activationTitle(activation: ActivationSummary, t: Translate, format: Formatters): string {
  const lines = [
    t('rangeMap.activation', {
      id: activation.id,
      range: format.range(activation.code_start, activation.code_end),
      state: t(`activate.state.${activation.state}`),
    }),
    t('rangeMap.product', {
      brand: activation.product_brand,
      title: activation.product_title,
      code: activation.product_code,
    }),
  ];
  if (activation.state === 'active') {
    lines.push(
      activation.confirmation === null
        ? t('rangeMap.confirming')
        : activation.confirmation.ok
          ? t('rangeMap.confirmed')
          : t('rangeMap.mismatch'),
    );
  }
  return lines.join('\n');
}

/**
 * The index space `[0, code_count)` as one bar: exported for print, imported,
 * not imported (and failed); with `activations`, the range map: pending,
 * active and failed activations on top, each part's details on hover.
 */
export function StripDiagram({
  codeCount,
  segments,
  printRuns,
  activations,
  highlight,
  testId = 'batches-strip',
}: {
  codeCount: number;
  segments: readonly SegmentSummary[];
  printRuns: readonly PrintRunSummary[];
  /** Given, the strip is a range map: activations are drawn and listed in the legend. */
  activations?: readonly ActivationSummary[];
  /** A range to outline, e.g. the one about to be activated. */
  highlight?: { start: number; end: number };
  testId?: string;
}) {
  const t = useT();
  const format = useFormat();
  const parts = useMemo(() => stripParts(codeCount, segments, printRuns, activations), [codeCount, segments, printRuns, activations]);
  const totals = useMemo(() => {
    const sums: Record<StripKind, number> = { active: 0, pending: 0, activationFailed: 0, exported: 0, imported: 0, failed: 0, free: 0 };
    for (const part of parts) sums[part.kind] += part.end - part.start + 1;
    return sums;
  }, [parts]);
  if (codeCount <= 0) return null;

  const isRangeMap = activations !== undefined;
  const listed = LEGEND_ORDER.filter(
    (kind) => (isRangeMap || !ACTIVATION_KINDS.has(kind)) && (ALWAYS_LISTED.has(kind) || totals[kind] > 0),
  );
  const partTitle = (part: StripPart<ActivationSummary>) => {
    const head = t('batches.strip.part', {
      range: format.range(part.start, part.end),
      count: format.count(part.end - part.start + 1),
      kind: t(KIND_LABEL[part.kind]),
    });
    return part.activation ? `${head}\n${activationTitle(part.activation, t, format)}` : head;
  };
  const label = isRangeMap
    ? t('rangeMap.label', {
        last: format.count(codeCount - 1),
        parts: listed
          .map((kind) => t('rangeMap.labelPart', { kind: t(KIND_LABEL[kind]), count: format.count(totals[kind]) }))
          .join(t('rangeMap.separator')),
      })
    : t('batches.strip.label', {
        last: format.count(codeCount - 1),
        exported: format.count(totals.exported),
        imported: format.count(totals.imported),
        free: format.count(totals.free + totals.failed),
      });
  const position = (start: number, end: number) => ({
    left: `${(start / codeCount) * 100}%`,
    // Tiny parts stay visible: at least 2px, even for one code in twenty million.
    width: `max(2px, ${((end - start + 1) / codeCount) * 100}%)`,
  });
  const shown = highlight && highlight.start <= highlight.end ? highlight : undefined;

  return (
    <figure className={isRangeMap ? 'strip-diagram strip-diagram--map' : 'strip-diagram'} data-testid={testId}>
      <div className="strip-bar" role="img" aria-label={label}>
        {parts.map((part) => (
          <div
            key={part.start}
            className={`strip-part strip-part--${part.kind}`}
            data-kind={part.kind}
            data-start={part.start}
            data-end={part.end}
            data-activation-id={part.activation?.id}
            data-confirmed={part.activation?.state === 'active' ? String(part.activation.confirmation?.ok ?? 'pending') : undefined}
            title={partTitle(part)}
            style={position(part.start, part.end)}
          />
        ))}
        {shown ? (
          <div
            className="strip-highlight"
            data-testid={`${testId}-highlight`}
            title={t('rangeMap.highlight', {
              range: format.range(shown.start, shown.end),
              count: format.count(shown.end - shown.start + 1),
            })}
            style={position(Math.max(0, shown.start), Math.min(codeCount - 1, shown.end))}
          />
        ) : null}
      </div>
      <div className="strip-scale muted" aria-hidden="true">
        <span>0</span>
        <span>{format.count(codeCount - 1)}</span>
      </div>
      <figcaption className="strip-legend">
        {listed.map((kind) => (
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
