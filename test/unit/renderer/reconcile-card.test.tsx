// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReconcileFinding, ReconcileReport, ReconcileRun } from '@shared/reconcile-contract';
import { ReconcileCard } from '@renderer/screens/activate/ReconcileCard';
import { appError, button, cleanup, fakeApi, refuse, renderInto, startReady, type } from './support/render';

afterEach(cleanup);

function finding(overrides: Partial<ReconcileFinding> = {}): ReconcileFinding {
  return {
    id: 3,
    run_id: 1,
    kind: 'differs_remotely',
    application_id: 502,
    activation_id: 7,
    code_start: 0,
    code_end: 99,
    local_state: 'conflict',
    remote: { application_id: 502, code_start: 0, code_end: 99, product_code: '6901234567892', product_title: 'Orange soda 330ml ×24' },
    checked: [
      { code_index: 0, answer: 'activated', reason: 'product_code: 6901234567892' },
      { code_index: 99, answer: 'not_activated', reason: null },
    ],
    repairs: ['adopt', 'investigated'],
    found_at: '2025-01-02T09:00:00.000Z',
    resolution: null,
    resolved_by: null,
    resolved_at: null,
    note: null,
    ...overrides,
  };
}

const run: ReconcileRun = {
  id: 1,
  trigger: 'timeout',
  actor: 'system',
  started_at: '2025-01-02T09:00:00.000Z',
  finished_at: '2025-01-02T09:00:02.000Z',
  outcome: 'quota',
  queries: 12,
  activations_checked: 3,
  left_for_next_run: 2,
  error: appError('WECHAT_45009', 'WeChat’s daily quota for this API is used up.'),
};

/** A main whose open findings are `open` until a repair clears them. */
function fakeMain(open: ReconcileFinding[], resolveAnswer?: ReturnType<typeof refuse>) {
  let current = open;
  const report = (): ReconcileReport => ({ run, open: current, recent: [] });
  return fakeApi({
    handlers: {
      'reconcile.findings': report,
      'reconcile.run': () => ({
        ...report(),
        run: { ...run, id: 2, trigger: 'manual', outcome: 'complete', error: null, left_for_next_run: 0 },
      }),
      'reconcile.resolve': (request) => {
        if (resolveAnswer) return resolveAnswer;
        const done = current.find((item) => item.id === request.id)!;
        current = current.filter((item) => item.id !== request.id);
        return { ...done, repairs: [], resolution: request.repair === 'adopt' ? 'adopted' : 'investigated', resolved_at: run.finished_at };
      },
    },
  });
}

const $ = <T extends Element = HTMLElement>(selector: string) => document.querySelector<T>(selector);
const click = (element: HTMLElement) => act(async () => element.click());

describe('the reconcile findings on the Activate screen', () => {
  it('shows the last run (stopped by the quota), each finding with what WeChat said, and adopts one', async () => {
    const main = fakeMain([
      finding(),
      finding({ id: 4, kind: 'unknown_to_ledger', activation_id: null, local_state: null, code_start: 100, code_end: 199 }),
    ]);
    startReady(main.api, 'en');
    await renderInto(<ReconcileCard />);
    expect($('[data-testid="reconcile-last"]')?.textContent).toContain('after a send timed out');
    expect($('[data-testid="reconcile-last"]')?.textContent).toContain('Stopped: WeChat’s query quota is used up.');
    const items = [...document.querySelectorAll<HTMLElement>('[data-testid="reconcile-finding"]')];
    expect(items.map((item) => item.dataset.kind)).toEqual(['differs_remotely', 'unknown_to_ledger']);
    expect(items[0]!.textContent).toContain('Activation #7');
    expect(items[0]!.textContent).toContain('Conflict');
    expect(items[0]!.textContent).toContain('WeChat holds a different activation over these codes.');
    expect(items[0]!.textContent).toContain('0 activated (product_code: 6901234567892)');
    expect(items[0]!.textContent).toContain('99 not activated');
    expect(items[1]!.textContent).toContain('Application 502');

    await click(button('Adopt WeChat’s activation', items[1]));
    expect(main.sent('reconcile.resolve')).toEqual([{ id: 4, repair: 'adopt' }]);
    expect(document.querySelectorAll('[data-testid="reconcile-finding"]')).toHaveLength(1);
  });

  it('marks a finding as investigated only with a note', async () => {
    const main = fakeMain([finding()]);
    startReady(main.api, 'zh-CN');
    await renderInto(<ReconcileCard />);
    await click(button('标记为已调查'));
    const save = button('保存为已调查');
    expect(save.disabled).toBe(true);
    type($<HTMLTextAreaElement>('[data-testid="reconcile-note"]')!, '营销部在后台改了标题');
    expect(save.disabled).toBe(false);
    await click(save);
    expect(main.sent('reconcile.resolve')).toEqual([{ id: 3, repair: 'investigated', note: '营销部在后台改了标题' }]);
    expect($('[data-testid="reconcile-none"]')?.textContent).toContain('没有待处理的差异');
  });

  it('runs a reconcile on demand and shows a refused repair translated', async () => {
    const main = fakeMain(
      [finding()],
      refuse(
        appError('RECONCILE_FINDING_STALE', 'Activation #7 has changed since finding #3 was made.', undefined, {
          hint: 'Run reconcile again.',
        }),
      ),
    );
    startReady(main.api, 'en');
    await renderInto(<ReconcileCard />);
    await click($<HTMLButtonElement>('[data-testid="reconcile-run"]')!);
    expect(main.sent('reconcile.run')).toEqual([{}]);
    expect($('[data-testid="reconcile-last"]')?.dataset.outcome).toBe('complete');
    await click(button('Adopt WeChat’s activation'));
    expect($('[data-testid="reconcile-finding"]')?.textContent).toContain('Activation #7 has changed since finding #3 was made.');
    expect($('[data-testid="reconcile-finding"]')?.textContent).toContain('Run reconcile again.');
  });
});
