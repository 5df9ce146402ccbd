import { describe, expect, it } from 'vitest';
import type { AppMode } from '@shared/contract';
import type { Logger } from '@main/logging';
import { createModeHolder } from '@main/modes';

/** A part that records what happened to it; its close waits until `finishClose` is called. */
function recordingParts(failFor?: AppMode) {
  const events: string[] = [];
  const currents: (() => boolean)[] = [];
  const closers: (() => void)[] = [];
  const compose = (mode: AppMode, isCurrent: () => boolean) => {
    if (mode === failFor) throw new Error(`cannot open ${mode}`);
    const name = `${mode}#${currents.length + 1}`;
    currents.push(isCurrent);
    events.push(`compose ${name}`);
    return {
      mode,
      name,
      start: () => void events.push(`start ${name}`),
      close: () =>
        new Promise<void>((resolve) => {
          events.push(`closing ${name}`);
          closers.push(() => {
            events.push(`closed ${name}`);
            resolve();
          });
        }),
    };
  };
  return { events, currents, compose, finishClose: () => closers.shift()?.() };
}

/** Keeps what was logged, to check a refused switch is said. */
const logged: string[] = [];
const logger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (message) => void logged.push(message),
};

describe('the mode holder', () => {
  it('puts the new part in force at once, and starts it only once the old one has closed', async () => {
    const parts = recordingParts();
    const holder = createModeHolder(parts.compose, 'training', logger);
    holder.start();
    holder.switchTo('live');
    expect(holder.current().name).toBe('live#2');
    expect(parts.currents.map((isCurrent) => isCurrent())).toEqual([false, true]);
    await Promise.resolve();
    expect(parts.events).toEqual(['compose training#1', 'start training#1', 'compose live#2', 'closing training#1']);
    parts.finishClose();
    await holder.settled();
    expect(parts.events.slice(-2)).toEqual(['closed training#1', 'start live#2']);
  });

  it('after Training → Live → Training quickly, only the newest part starts, after both older ones closed', async () => {
    const parts = recordingParts();
    const holder = createModeHolder(parts.compose, 'training', logger);
    holder.start();
    holder.switchTo('live');
    holder.switchTo('training');
    expect(parts.currents.map((isCurrent) => isCurrent())).toEqual([false, false, true]);
    await Promise.resolve();
    parts.finishClose();
    await new Promise((resolve) => setImmediate(resolve));
    parts.finishClose();
    await holder.settled();
    expect(parts.events.filter((event) => event.startsWith('start'))).toEqual(['start training#1', 'start training#3']);
    expect(parts.events.indexOf('start training#3')).toBeGreaterThan(parts.events.indexOf('closed live#2'));
  });

  it('keeps the old part in force when the other mode cannot be opened', () => {
    const parts = recordingParts('live');
    const holder = createModeHolder(parts.compose, 'training', logger);
    holder.switchTo('live');
    expect(holder.current().name).toBe('training#1');
    expect(parts.currents[0]!()).toBe(true);
    expect(logged).toContain('could not open the other mode; staying in the old one');
    holder.switchTo('training');
    expect(parts.events).toEqual(['compose training#1']);
  });
});
