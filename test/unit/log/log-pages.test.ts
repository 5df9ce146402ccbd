import { describe, expect, it } from 'vitest';
import { auditPageFilter, pageLimit, scanPageQuery } from '@main/log/log-pages';

describe('pageLimit', () => {
  it.each<[number | undefined, number]>([
    [undefined, 100],
    [0, 1],
    [1.9, 1],
    [250, 250],
    [10_000, 500],
  ])('%s → %i', (requested, limit) => expect(pageLimit(requested)).toBe(limit));
});

describe('scanPageQuery: the filters of a scans page', () => {
  it.each<[string, Parameters<typeof scanPageQuery>[0], Parameters<typeof scanPageQuery>[1], string[], Record<string, string | number>]>([
    ['no filter', {}, undefined, [], {}],
    [
      'a period, in UTC',
      { from: '2025-03-01T16:00:00+08:00', to: '2025-03-02T00:00:00Z' },
      undefined,
      ['scans.scanned_at >= @from', 'scans.scanned_at < @to'],
      { from: '2025-03-01T08:00:00.000Z', to: '2025-03-02T00:00:00.000Z' },
    ],
    [
      'verdicts, each once',
      { verdicts: ['DUPLICATE', 'INVALID', 'DUPLICATE'] },
      undefined,
      ['scans.verdict IN (@v0, @v1)'],
      { v0: 'DUPLICATE', v1: 'INVALID' },
    ],
    ['an empty verdict list means all', { verdicts: [] }, undefined, [], {}],
    [
      'station, application and session',
      { station: 'L1', application_id: 7, session_id: 3 },
      undefined,
      ['scans.station = @station', 'scans.application_id = @application_id', 'scans.session_id = @session_id'],
      { station: 'L1', application_id: 7, session_id: 3 },
    ],
    [
      'after a cursor',
      {},
      { id: 42, scanned_at: '2025-03-01T08:00:00.000Z' },
      ['(scans.scanned_at, scans.id) < (@cursor_at, @cursor_id)'],
      { cursor_at: '2025-03-01T08:00:00.000Z', cursor_id: 42 },
    ],
  ])('%s', (_name, filter, cursor, conditions, params) => {
    const query = scanPageQuery(filter, cursor, 10);
    expect(query.params).toEqual(params);
    const where = /FROM scans(?: WHERE (.*?))? ORDER BY/.exec(query.sql)?.[1];
    expect(where ? where.split(' AND ') : []).toEqual(conditions);
    expect(query.sql).toContain('LIMIT 11) AS page');
  });
});

describe('auditPageFilter: the audit-log filter of an audit page', () => {
  it.each<[string, Parameters<typeof auditPageFilter>[0], object]>([
    ['newest first, one more than the page', {}, { order: 'desc', limit: 11 }],
    ['an application is its subject', { application_id: 7, subject: 'other' }, { order: 'desc', subject: 'application:7', limit: 11 }],
    [
      'a period in UTC, an actor, an action prefix and a cursor',
      { from: '2025-03-01T16:00:00+08:00', to: '2025-03-02T00:00:00Z', actor: 'system', action_prefix: 'activation', before_seq: 9 },
      {
        order: 'desc',
        actor: 'system',
        since: '2025-03-01T08:00:00.000Z',
        until: '2025-03-02T00:00:00.000Z',
        action_prefix: 'activation',
        before_seq: 9,
        limit: 11,
      },
    ],
  ])('%s', (_name, filter, expected) => {
    expect(auditPageFilter(filter, 10)).toEqual(expected);
  });
});
