// @vitest-environment jsdom
/** The export form offers the `extra` column only when the application's package kept extra columns (issue 13). */
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApplicationDetail, PrintRunSummary, SegmentSummary } from '@shared/batches-contract';
import type { Locale } from '@shared/errors';
import { ExportPanel } from '@renderer/screens/batches/ExportPanel';
import { useBatchesStore } from '@renderer/store/batches-store';
import { applicationSummary, button, cleanup, fakeApi, renderInto, startReady } from './support/render';

const APP = 581865877;

function segment(code_start: number, layout: string): SegmentSummary {
  return {
    code_start,
    code_end: code_start + 9_999,
    state: 'imported',
    plaintext_sha256: 'a'.repeat(64),
    layout,
    error: null,
    kept_buffer_path: null,
    imported_at: '2025-01-02T03:04:05.000Z',
    indexed_at: '2025-01-02T03:04:05.000Z',
  };
}

function detailWith(layouts: string[]): ApplicationDetail {
  const application = applicationSummary({ application_id: APP, code_count: 10_000 * layouts.length, state: 'imported' });
  return { application, segments: layouts.map((layout, k) => segment(k * 10_000, layout)), print_runs: [] };
}

const printRun = (columns: PrintRunSummary['columns']): PrintRunSummary => ({
  id: 1,
  application_id: APP,
  code_start: 0,
  code_end: 9_999,
  count: 10_000,
  format: 'csv',
  columns,
  header: true,
  line_ending: 'crlf',
  file_path: '/tmp/run.csv',
  file_sha256: 'b'.repeat(64),
  actor: 'supervisor:test',
  created_at: '2025-01-02T03:05:05.000Z',
});

let container: HTMLDivElement;
beforeEach(() => useBatchesStore.setState(useBatchesStore.getInitialState()));
afterEach(cleanup);

async function renderPanel(detail: ApplicationDetail, locale: Locale = 'en') {
  const main = fakeApi({
    handlers: {
      'batches.export': (request) => ({ print_run: printRun(request.columns) }),
      'batches.get': () => detail,
      'batches.list': () => [detail.application],
    },
  });
  startReady(main.api, locale, 'batches');
  container = await renderInto(<ExportPanel detail={detail} onClose={() => undefined} />);
  return main;
}

const extraBox = () => container.querySelector<HTMLInputElement>('input[name=column_extra]');
const columnLabels = () => [...container.querySelectorAll('fieldset label')].map((label) => label.textContent);

describe('Batches: the export form’s extra column', () => {
  it('is not offered when no segment kept extra columns', async () => {
    await renderPanel(detailWith(['index+code+url', 'index+code+url']));
    expect(extraBox()).toBeNull();
    expect(columnLabels()).toEqual(['Index', 'Code (9 characters)', 'Code URL (for the QR code)']);
  });

  it('is offered, unticked, when the package had one, and ticking it asks main for it in file order', async () => {
    const { sent } = await renderPanel(detailWith(['extra+code+index+url', 'extra+code+index+url']));
    expect(extraBox()?.checked).toBe(false);
    expect(columnLabels()).toContain('Extra package columns (1)');
    await act(async () => extraBox()!.click());
    expect(extraBox()?.checked).toBe(true);
    await act(async () => button('Export').click());
    expect(sent('batches.export')).toEqual([
      {
        application_id: APP,
        code_start: 0,
        code_end: 9_999,
        format: 'csv',
        columns: ['index', 'code', 'code_url', 'extra'],
        header: true,
        line_ending: 'crlf',
      },
    ]);
  });

  it('names the widest segment’s count of extra columns, in Chinese too', async () => {
    await renderPanel(detailWith(['index+code+url+extra', 'extra+index+code+url+extra']), 'zh-CN');
    expect(columnLabels()).toContain('码包额外列（2 列）');
  });
});
