import { describe, expect, it } from 'vitest';
import { resolveWorkerEntry, type WorkerEntry } from '@main/threads';

const entry: WorkerEntry = { source: new URL('file:///repo/src/main/batches/import-thread/worker-entry.ts'), built: 'import-thread.js' };

describe('resolveWorkerEntry', () => {
  it('runs the TypeScript entry through tsx when running from the sources', () => {
    const start = resolveWorkerEntry(entry, 'file:///repo/src/main/threads/worker-entry-url.ts');
    expect(start.runtime).toBe('source');
    if (start.runtime !== 'source') return;
    expect(start.entry.href).toBe(entry.source.href);
    expect(start.code).toContain(JSON.stringify(entry.source.href));
    // tsx is resolved to an absolute URL here, not by the worker from its cwd.
    expect(start.code).toMatch(/"file:\/\/\/.*\/node_modules\/tsx\/dist\/esm\/api\/index\.mjs"/);
  });

  it('uses the emitted file next to the bundle when running from out/main', () => {
    expect(resolveWorkerEntry(entry, 'file:///app/out/main/index.js')).toEqual({
      runtime: 'bundle',
      filename: new URL('file:///app/out/main/import-thread.js'),
    });
    expect(resolveWorkerEntry(entry, 'file:///C:/Program%20Files/Station/resources/app/out/main/index.js')).toEqual({
      runtime: 'bundle',
      filename: new URL('file:///C:/Program%20Files/Station/resources/app/out/main/import-thread.js'),
    });
  });

  it('decides by its own module URL by default (the sources, under vitest)', () => {
    expect(resolveWorkerEntry(entry).runtime).toBe('source');
  });
});
