import type { ReactNode } from 'react';

/** The class of one segment: on or off, with a screen's own class between (kept in this order for the CSS). */
export function segmentClass(on: boolean, extra?: string): string {
  return ['segmented__item', extra, on ? 'segmented__item--on' : undefined].filter(Boolean).join(' ');
}

type DataAttributes = Record<`data-${string}`, string>;

export interface SegmentedOption<V> {
  value: V;
  label: ReactNode;
  /** `data-*` attributes for the segment's button (tests and CSS find a segment by them). */
  data?: DataAttributes;
}

export interface SegmentedProps<V> {
  options: readonly SegmentedOption<V>[];
  value: V;
  onChange: (value: V) => void;
  /** The group's accessible name; or `labelledBy` when a visible label names it. */
  label?: string;
  labelledBy?: string;
  disabled?: boolean;
  className?: string;
}

/** One choice out of a few, as a row of segments: a radio group to assistive technology. */
export function Segmented<V extends string | number | boolean | undefined>({
  options,
  value,
  onChange,
  label,
  labelledBy,
  disabled,
  className,
}: SegmentedProps<V>) {
  return (
    <div
      className={className ? `segmented ${className}` : 'segmented'}
      role="radiogroup"
      aria-label={label}
      aria-labelledby={labelledBy}
    >
      {options.map((option) => (
        <button
          key={String(option.value)}
          type="button"
          role="radio"
          aria-checked={option.value === value}
          disabled={disabled}
          className={segmentClass(option.value === value)}
          onClick={() => onChange(option.value)}
          {...option.data}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}

export interface SegmentToggleProps {
  on: boolean;
  onClick: () => void;
  children: ReactNode;
  /** `switch` for a lone on/off setting; by default a pressed/not pressed button among independent ones. */
  role?: 'switch';
  /** A class between the segment's own ones (see `segmentClass`). */
  className?: string;
  data?: DataAttributes;
}

/** One segment that is on or off by itself (filters, a set of keys, a show/hide switch). */
export function SegmentToggle({ on, onClick, children, role, className, data }: SegmentToggleProps) {
  const state = role === 'switch' ? { role, 'aria-checked': on } : { 'aria-pressed': on };
  return (
    <button type="button" {...state} className={segmentClass(on, className)} onClick={onClick} {...data}>
      {children}
    </button>
  );
}
