// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { CallError } from '@renderer/api/call';
import { SUPERVISOR_REQUIRED } from '@renderer/api/error-codes';
import { segmentClass } from '@renderer/components/Segmented';
import { useAction, type Action } from '@renderer/components/use-action';
import { defaultDraft, nextDraft } from '@renderer/screens/batches/export-draft';
import { appError, button, cleanup, renderInto } from './support/render';
import { act } from 'react';

afterEach(cleanup);

describe('segmentClass', () => {
  it.each([
    [false, undefined, 'segmented__item'],
    [true, undefined, 'segmented__item segmented__item--on'],
    [true, 'log-verdict-chip', 'segmented__item log-verdict-chip segmented__item--on'],
    [false, 'log-verdict-chip', 'segmented__item log-verdict-chip'],
  ])('on=%s extra=%s → %s', (on, extra, expected) => {
    expect(segmentClass(on, extra)).toBe(expected);
  });
});

describe('nextDraft (the range offered after an export)', () => {
  const draft = (start: string, end: string) => ({ ...defaultDraft(20_000), start, end });
  it.each([
    ['0', '9999', 20_000, '10000', '19999'],
    ['0', '9999', 15_000, '10000', '14999'],
    ['10000', '19999', 20_000, '10000', '19999'],
    ['5', '5', 20_000, '6', '6'],
  ])('%s–%s of %d codes → %s–%s', (start, end, codeCount, nextStart, nextEnd) => {
    const next = nextDraft(draft(start, end), codeCount);
    expect([next.start, next.end]).toEqual([nextStart, nextEnd]);
  });
});

describe('useAction', () => {
  let action: Action;
  function Probe({ silent = false }: { silent?: boolean }) {
    action = useAction(silent ? { silent: [SUPERVISOR_REQUIRED] } : {});
    return (
      <p data-busy={String(action.busy)} data-key={action.busyKey ?? ''}>
        {action.error?.code ?? 'none'}
        <button type="button" onClick={() => void action.retry()}>
          again
        </button>
      </p>
    );
  }
  const shown = (container: HTMLElement) => container.querySelector('p')!;

  it('is busy while the work runs, keeps a refusal as its error, and retries the same work', async () => {
    const container = await renderInto(<Probe />);
    let finish: () => void = () => undefined;
    let calls = 0;
    const work = () => {
      calls++;
      return calls === 1
        ? new Promise<never>((_, reject) => {
            finish = () => reject(new CallError(appError('PRODUCT_IN_USE', 'In use')));
          })
        : Promise.resolve('ok');
    };
    let first: Promise<unknown> = Promise.resolve();
    act(() => {
      first = action.run(work, 'archive:1');
    });
    expect(shown(container).dataset.busy).toBe('true');
    expect(shown(container).dataset.key).toBe('archive:1');
    await act(async () => {
      finish();
      await first;
    });
    expect(shown(container).dataset.busy).toBe('false');
    expect(shown(container).textContent).toContain('PRODUCT_IN_USE');
    await act(async () => button('again').click());
    expect(calls).toBe(2);
    expect(shown(container).textContent).toContain('none');
  });

  it('leaves silent refusals to whoever answers them, and throws anything that is not a refusal', async () => {
    const container = await renderInto(<Probe silent />);
    await act(async () => {
      const outcome = await action.run(() => Promise.reject(new CallError(appError(SUPERVISOR_REQUIRED, 'Locked'))));
      expect(outcome.ok).toBe(false);
    });
    expect(shown(container).textContent).toContain('none');
    await act(async () => {
      await expect(action.run(() => Promise.reject(new Error('bug')))).rejects.toThrow('bug');
    });
    expect(shown(container).dataset.busy).toBe('false');
  });
});
