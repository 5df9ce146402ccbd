// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApplicationSummary, ImportProgress, SegmentSummary } from '@shared/batches-contract';
import type { Locale } from '@shared/errors';
import { BatchesScreen } from '@renderer/screens/batches/BatchesScreen';
import { useBatchesStore } from '@renderer/store/batches-store';
import { applicationSummary, button, cleanup, fakeApi, renderInto, startReady } from './support/render';

/** Two segments of 10,000, both imported; `segments_indexed` says how many are scannable. */
const application = (overrides: Partial<ApplicationSummary> = {}) =>
  applicationSummary({
    application_id: 77,
    state: 'downloading',
    remote_status: 'FINISH',
    segments_total: 2,
    segments_imported: 2,
    segments_indexed: 0,
    codes_imported: 20_000,
    updated_at: '2025-01-01T08:00:05.000Z',
    ...overrides,
  });

const segment = (code_start: number, overrides: Partial<SegmentSummary> = {}): SegmentSummary => ({
  code_start,
  code_end: code_start + 9_999,
  state: 'imported',
  plaintext_sha256: 'a'.repeat(64),
  layout: 'tsv',
  error: null,
  kept_buffer_path: null,
  imported_at: '2025-01-01T08:00:04.000Z',
  indexed_at: null,
  ...overrides,
});

/** What main sends while the look-ups are built: the import's speed stays in the event but is no longer live. */
const indexingProgress = (indexed_percent: number, seconds_left: number | null = null): ImportProgress => ({
  isv_application_id: 'mc-20250101-0001',
  application_id: 77,
  phase: 'indexing',
  codes_imported: 20_000,
  code_count: 20_000,
  segments_imported: 2,
  segments_total: 2,
  codes_per_second: 125_000,
  seconds_left,
  indexed_percent,
});

function fakeMain(list: ApplicationSummary[], segments: SegmentSummary[] = []) {
  return fakeApi({
    handlers: {
      'batches.list': () => list,
      'batches.get': () => ({ application: list[0]!, segments, print_runs: [] }),
      'activation.list': () => [],
    },
  });
}

let container: HTMLDivElement;
beforeEach(() => useBatchesStore.setState(useBatchesStore.getInitialState()));
afterEach(cleanup);

async function renderScreen(fake: ReturnType<typeof fakeMain>, locale: Locale = 'en') {
  startReady(fake.api, locale, 'batches');
  container = await renderInto(<BatchesScreen />);
}

const row = () => container.querySelector('[data-testid="batches-row"]')!;
const indexingLine = () => row().querySelector('[data-testid="batches-indexing"]')?.textContent;
const bar = () => row().querySelector('[role="progressbar"]')!;

describe('Batches: indexing after the import', () => {
  it('says the codes are being prepared for scanning, with the percent from the indexing event, then imported', async () => {
    const fake = fakeMain([application()]);
    await renderScreen(fake);
    // No event yet: the summary alone tells that indexing is due, without a percent.
    expect(indexingLine()).toBe('Preparing the codes for scanning…');

    fake.emit('batches.progress', indexingProgress(45));
    expect(indexingLine()).toBe('Preparing the codes for scanning… 45 %');
    // Once main has an estimate of the build's time left, it is shown too.
    fake.emit('batches.progress', indexingProgress(60, 75));
    expect(indexingLine()).toBe('Preparing the codes for scanning… 60 % · about 1 min 15 s left');
    expect(row().querySelector('[data-testid="batches-speed"]')).toBeNull();
    expect(bar().getAttribute('aria-valuenow')).toBe('20000');
    expect(bar().classList.contains('batches-progress--indexing')).toBe(true);
    expect(bar().getAttribute('aria-valuetext')).toBe('20,000 / 20,000 codes imported, preparing them for scanning');

    fake.emit('batches.changed', application({ state: 'imported', segments_indexed: 2, updated_at: '2025-01-01T08:00:30.000Z' }));
    expect(indexingLine()).toBeUndefined();
    expect(row().textContent).toContain('All codes are imported and ready to export.');
    expect(bar().classList.contains('batches-progress--indexing')).toBe(false);
    expect(bar().getAttribute('aria-valuetext')).toBe('20,000 / 20,000 codes imported');
  });

  it('speaks Chinese', async () => {
    const fake = fakeMain([application()]);
    await renderScreen(fake, 'zh-CN');
    fake.emit('batches.progress', indexingProgress(7));
    expect(indexingLine()).toBe('正在建立扫码索引… 7%');
  });

  it('with a failed segment: indexes the good ones first, then asks for Retry', async () => {
    const stalled = { segments_total: 3, segments_failed: 1, code_count: 30_000 };
    const fake = fakeMain([application(stalled)]);
    await renderScreen(fake);
    expect(indexingLine()).toBe('Preparing the codes for scanning…');
    expect(row().textContent).not.toContain('failed to import');

    // The last indexing event stays in the store; the summary says the build is over.
    fake.emit('batches.progress', { ...indexingProgress(100), code_count: 30_000, segments_total: 3 });
    fake.emit('batches.changed', application({ ...stalled, segments_indexed: 2, updated_at: '2025-01-01T08:00:30.000Z' }));
    expect(indexingLine()).toBeUndefined();
    expect(row().textContent).toContain('1 segment(s) failed to import. Press Retry to download them again.');
  });

  it('while segments are still importing, shows the speed, not indexing', async () => {
    const fake = fakeMain([application({ segments_imported: 1, codes_imported: 10_000 })]);
    await renderScreen(fake);
    fake.emit('batches.progress', {
      ...indexingProgress(0),
      phase: 'importing',
      codes_imported: 15_000,
      segments_imported: 1,
      seconds_left: 40,
    });
    expect(indexingLine()).toBeUndefined();
    expect(row().querySelector('[data-testid="batches-speed"]')?.textContent).toBe('125,000 codes/s · about 40 s left');
    expect(bar().classList.contains('batches-progress--indexing')).toBe(false);
  });

  it('the detail marks an imported segment that is not indexed yet', async () => {
    const fake = fakeMain(
      [application({ segments_indexed: 1 })],
      [segment(0, { indexed_at: '2025-01-01T08:00:10.000Z' }), segment(10_000)],
    );
    await renderScreen(fake);
    await act(async () => button('Details').click());
    const states = [...container.querySelectorAll('[data-testid="batches-segments"] [data-testid="batches-segment-state"]')].map(
      (cell) => cell.textContent,
    );
    expect(states).toEqual(['Imported', 'Imported, preparing for scanning']);
  });
});
