import { operatorAccess } from '../support/access';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatch, type Handlers } from '@main/bridge';
import { createLogService } from '@main/log';
import type { SqliteDatabase } from '@main/ledger';
import { AppError } from '@shared/errors';
import type { LogScan } from '@shared/log-contract';
import { VERDICTS, type Verdict } from '@shared/verification-contract';
import { at, CRISPS, logWorld, ORANGE, type LogWorld } from './helpers';

let world: LogWorld;
beforeEach(() => {
  world = logWorld();
});
afterEach(() => world.close());

const ids = (scans: readonly LogScan[]) => scans.map((scan) => scan.id);

describe('log.scans', () => {
  it('lists newest first by scan time (then id), with the session’s line and product and the parsed reason', () => {
    const session = world.session({ line: 'L2', product_code: CRISPS.product_code, started_at: at(0) });
    const reason = {
      code: 'SCAN_NOT_ACTIVATED',
      message: 'Not activated.',
      localized: { 'zh-CN': { message: '未激活。' }, en: { message: 'Not activated.' } },
    };
    const a = world.scan({ scanned_at: at(10), session_id: session });
    const b = world.scan({ scanned_at: at(5), verdict: 'NOT_ACTIVATED', reason_json: JSON.stringify(reason), acknowledged_by: 'operator' });
    // Same instant: the later row comes first. The clock stepping back puts c between a and b.
    const c = world.scan({ scanned_at: at(10), verdict: 'DUPLICATE', reason_json: '{not json' });
    const d = world.scan({ scanned_at: at(7) });

    const page = world.log.scans();
    expect(ids(page.scans)).toEqual([c, a, d, b]);
    expect(page.next_before_id).toBeNull();
    const first = page.scans.find((scan) => scan.id === a)!;
    expect(first).toMatchObject({
      session_id: session,
      line: 'L2',
      product_code: CRISPS.product_code,
      product_title: CRISPS.product_title,
    });
    expect(page.scans.find((scan) => scan.id === b)).toMatchObject({ reason, acknowledged_by: 'operator', line: null, product_code: null });
    expect(page.scans.find((scan) => scan.id === c)!.reason).toBeNull();
  });

  it('filters by time (from inclusive, to exclusive, any offset), verdicts, station, application and session', () => {
    const s1 = world.session({ started_at: at(0), ended_at: at(30), ended_by: 'operator' });
    const s2 = world.session({ station: 'LINE-PC-2', product_code: ORANGE.product_code, started_at: at(0) });
    const early = world.scan({ scanned_at: at(0), session_id: s1 });
    const fail = world.scan({ scanned_at: at(10), session_id: s1, verdict: 'WRONG_PRODUCT' });
    const other = world.scan({ scanned_at: at(20), station: 'LINE-PC-2', session_id: s2, application_id: 42 });
    const invalid = world.scan({ scanned_at: at(30), verdict: 'INVALID', kind: 'invalid', application_id: null, code_index: null });
    const late = world.scan({ scanned_at: at(40), session_id: s1 });

    expect(ids(world.log.scans({ from: at(10), to: at(40) }).scans)).toEqual([invalid, other, fail]);
    // 08:10 in Shanghai is 00:10 UTC.
    expect(ids(world.log.scans({ from: '2025-03-01T08:10:00+08:00', to: '2025-03-01T08:30:00+08:00' }).scans)).toEqual([other, fail]);
    expect(ids(world.log.scans({ verdicts: ['WRONG_PRODUCT', 'INVALID'] }).scans)).toEqual([invalid, fail]);
    expect(ids(world.log.scans({ verdicts: [] }).scans)).toEqual([late, invalid, other, fail, early]);
    expect(ids(world.log.scans({ station: 'LINE-PC-2' }).scans)).toEqual([other]);
    expect(ids(world.log.scans({ application_id: 42 }).scans)).toEqual([other]);
    expect(ids(world.log.scans({ session_id: s1 }).scans)).toEqual([late, fail, early]);
    expect(ids(world.log.scans({ session_id: s1, verdicts: ['PASS'], from: at(1) }).scans)).toEqual([late]);
    expect(world.log.scans({ station: 'nowhere' })).toEqual({ scans: [], next_before_id: null });
  });

  it('pages with before_id: full pages point on, the last page (even an exactly full one) says null', () => {
    const made = [0, 1, 2, 3, 4].map((minute) => world.scan({ scanned_at: at(minute) }));
    const newest = [...made].reverse();
    const first = world.log.scans({ limit: 2 });
    expect(ids(first.scans)).toEqual(newest.slice(0, 2));
    expect(first.next_before_id).toBe(newest[1]);
    const second = world.log.scans({ limit: 2, before_id: first.next_before_id! });
    expect(ids(second.scans)).toEqual(newest.slice(2, 4));
    const third = world.log.scans({ limit: 2, before_id: second.next_before_id! });
    expect(third).toEqual({ scans: [expect.objectContaining({ id: newest[4] })], next_before_id: null });
    expect(world.log.scans({ limit: 5 }).next_before_id).toBeNull();
    expect(world.log.scans({ limit: 4 }).next_before_id).toBe(newest[3]);
    expect(() => world.log.scans({ before_id: 999 })).toThrow(AppError);
    try {
      world.log.scans({ before_id: 999 });
    } catch (error) {
      expect((error as AppError).code).toBe('LOG_CURSOR_UNKNOWN');
    }
  });

  it('pages through any data exactly once, in order, whatever the filters and page size', () => {
    const verdictArb = fc.constantFrom<Verdict>(...VERDICTS);
    fc.assert(
      fc.property(
        fc.array(fc.record({ minute: fc.integer({ min: 0, max: 20 }), verdict: verdictArb, station: fc.constantFrom('A', 'B') }), {
          maxLength: 40,
        }),
        fc.integer({ min: 1, max: 7 }),
        fc.option(fc.uniqueArray(verdictArb, { maxLength: 3 }), { nil: undefined }),
        fc.option(fc.constantFrom('A', 'B'), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
        (scans, limit, verdicts, station, fromMinute) => {
          world.db.exec('DELETE FROM scans');
          const rows = scans.map((scan) => ({
            ...scan,
            id: world.scan({ scanned_at: at(scan.minute), verdict: scan.verdict, station: scan.station }),
          }));
          const expected = rows
            .filter((row) => (verdicts?.length ? verdicts.includes(row.verdict) : true))
            .filter((row) => (station ? row.station === station : true))
            .filter((row) => (fromMinute === undefined ? true : row.minute >= fromMinute))
            .sort((x, y) => y.minute - x.minute || y.id - x.id)
            .map((row) => row.id);
          const seen: number[] = [];
          let before: number | undefined;
          for (let pages = 0; pages < 100; pages++) {
            const page = world.log.scans({
              limit,
              ...(verdicts ? { verdicts } : {}),
              ...(station ? { station } : {}),
              ...(fromMinute === undefined ? {} : { from: at(fromMinute) }),
              ...(before === undefined ? {} : { before_id: before }),
            });
            expect(page.scans.length).toBeLessThanOrEqual(limit);
            seen.push(...ids(page.scans));
            if (page.next_before_id === null) break;
            expect(page.scans).toHaveLength(limit);
            before = page.next_before_id;
          }
          expect(seen).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('seeks an index for every filter (never reads the whole scans table) and picks a page before joining', () => {
    const statements = recordStatements(world.db);
    const log = createLogService({ db: statements.db, audit: world.audit });
    const session = world.session({ started_at: at(0) });
    const first = world.scan({ scanned_at: at(1), session_id: session, verdict: 'DUPLICATE' });
    const filters = [
      {},
      { from: at(0), to: at(60) },
      { verdicts: ['DUPLICATE', 'PASS'] as Verdict[] },
      { verdicts: ['INVALID'] as Verdict[], from: at(0) },
      { application_id: 581865877 },
      { session_id: session },
      { station: 'LINE-PC-1', from: at(0), before_id: first },
    ];
    for (const filter of filters) {
      statements.calls.length = 0;
      log.scans(filter);
      const page = statements.calls.find((call) => call.sql.includes('AS page'))!;
      const plan = world.db
        .prepare(`EXPLAIN QUERY PLAN ${page.sql}`)
        .all(page.params)
        .map((row) => (row as { detail: string }).detail);
      expect(plan.join(' | '), JSON.stringify(filter)).not.toMatch(/SCAN scans\b(?! USING)/);
      expect(
        plan.some((line) => /SEARCH scans USING (COVERING )?INDEX|SCAN scans USING (COVERING )?INDEX/.test(line)),
        plan.join(' | '),
      ).toBe(true);
      if (filter.verdicts?.length === 1) expect(plan.join(' | ')).toContain('scans_by_verdict');
      if ('application_id' in filter) expect(plan.join(' | ')).toContain('scans_by_application');
    }
  });

  it('is served by log.scans over dispatch, which refuses pages over 500 and bad instants', async () => {
    world.scan({ scanned_at: at(1) });
    const handlers = { 'log.scans': (filter: never) => world.log.scans(filter) } as unknown as Handlers;
    const dispatch = createDispatch(handlers, operatorAccess);
    const ok = await dispatch('log.scans', { limit: 500, verdicts: ['PASS'], from: '2025-03-01T00:00:00Z' });
    expect(ok).toMatchObject({ ok: true, data: { scans: [expect.objectContaining({ verdict: 'PASS' })], next_before_id: null } });
    for (const bad of [{ limit: 501 }, { limit: 0 }, { from: 'yesterday' }, { verdicts: ['MAYBE'] }, { color: 'red' }]) {
      const refused = await dispatch('log.scans', bad);
      expect(refused, JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    }
  });
});

/** A database whose prepared statements remember the SQL and parameters they ran with. */
function recordStatements(db: SqliteDatabase) {
  const calls: { sql: string; params: Record<string, unknown> }[] = [];
  const proxy = new Proxy(db, {
    get(target, key) {
      if (key === 'prepare') {
        return (sql: string) => {
          const statement = target.prepare(sql);
          return new Proxy(statement, {
            get(inner, innerKey) {
              if (innerKey === 'all') {
                return (params: Record<string, unknown> = {}) => {
                  calls.push({ sql, params });
                  return inner.all(params);
                };
              }
              const value: unknown = Reflect.get(inner, innerKey);
              return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(inner) : value;
            },
          });
        };
      }
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { db: proxy, calls };
}
