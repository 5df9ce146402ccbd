import { describe, expect, it } from 'vitest';
import { auditListQuery, normalise } from '@main/audit/audit-rules';
import type { AuditListFilter } from '@main/audit';

describe('auditListQuery: the SQL of a list filter', () => {
  it.each<[string, AuditListFilter, string, Record<string, string | number>, string]>([
    ['everything, oldest first', {}, '', {}, 'ORDER BY seq ASC LIMIT 1000'],
    [
      'exact fields',
      { actor: 'system', action: 'a.b', subject: 's' },
      'actor = @actor AND action = @action AND subject = @subject',
      { actor: 'system', action: 'a.b', subject: 's' },
      'LIMIT 1000',
    ],
    [
      'an action prefix by whole words',
      { action_prefix: 'activation.' },
      '(action = @prefix OR (action >= @prefix_dot AND action < @prefix_end))',
      { prefix: 'activation', prefix_dot: 'activation.', prefix_end: 'activation/' },
      'LIMIT 1000',
    ],
    [
      'seq and time ranges, newest first',
      { after_seq: 1, before_seq: 9, since: 'a', until: 'b', order: 'desc', limit: 5 },
      'seq > @after_seq AND seq < @before_seq AND at >= @since AND at < @until',
      { after_seq: 1, before_seq: 9, since: 'a', until: 'b' },
      'ORDER BY seq DESC LIMIT 5',
    ],
    ['a limit past the maximum', { limit: 1e9 }, '', {}, 'LIMIT 100000'],
    ['a limit that is not a number', { limit: Number.NaN }, '', {}, 'LIMIT 1000'],
  ])('%s', (_name, filter, where, params, tail) => {
    const { sql, params: actual } = auditListQuery(filter);
    expect(actual).toEqual(params);
    expect(/FROM audit_log(?: WHERE (.*?))? ORDER BY/.exec(sql)?.[1] ?? '').toBe(where);
    expect(sql.endsWith(tail)).toBe(true);
  });
});

describe('normalise: what an entry must be', () => {
  it.each<[string, Parameters<typeof normalise>[0], string | undefined]>([
    ['a good entry', { actor: 'system', action: 'segment.imported', subject: 'application:1', details: { n: 1 } }, undefined],
    ['an empty actor', { actor: '', action: 'a.b' }, 'actor'],
    ['an action without a dot', { actor: 'system', action: 'imported' }, 'action'],
    ['a subject with a newline', { actor: 'system', action: 'a.b', subject: 'x\ny' }, 'subject'],
    ['details that are an array', { actor: 'system', action: 'a.b', details: [] as never }, 'details'],
  ])('%s', (_name, entry, badField) => {
    if (badField === undefined) {
      expect(normalise(entry)).toMatchObject({ actor: 'system', subject: 'application:1', details_json: '{"n":1}' });
      return;
    }
    expect(() => normalise(entry)).toThrow(expect.objectContaining({ code: 'AUDIT_INVALID_ENTRY', details: { field: badField } }));
  });
});
