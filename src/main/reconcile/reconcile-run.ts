/**
 * One reconcile run: ask codeactivequery about the ledger's activations (first,
 * last and one index inside each) and about the free ranges of imported
 * segments (first, last and one inside, then around whatever WeChat turns out
 * to hold there), within a query cap, and store each difference. A quota,
 * network or token failure stops the run and says so. Rules: reconcile-rules.ts.
 */
import type { ReconcileOutcome, ReconcileTrigger } from '../../shared/reconcile-contract';
import type { AppErrorPayload } from '../../shared/errors';
import { toErrorPayload } from '../../shared/error-catalogue/app';
import type { AuditLog } from '../audit';
import type { ActiveConnection } from '../connection';
import type { SqliteDatabase } from '../ledger';
import type { Actor } from '../supervisors/actor';
import { classifyFailure, type MarketcodeClient } from '../wechat';
import {
  answerOfFailure,
  findingKindFor,
  indexAnswerOf,
  isAskedAbout,
  probeIndices,
  remoteActivationOf,
  remoteView,
  splitBudget,
  subtractRanges,
  type CheckedActivation,
  type IndexRange,
  type ProbeAnswer,
} from './reconcile-rules';
import type { ReconcileStore, RunTotals } from './reconcile-store';

export interface RunEnvironment {
  db: SqliteDatabase;
  store: ReconcileStore;
  audit: AuditLog;
  connection: () => Promise<ActiveConnection>;
  maxQueries: number;
  random: () => number;
  iso: () => string;
}

/** What the steps of one run share. */
interface Run {
  env: RunEnvironment;
  client: MarketcodeClient;
  id: number;
  queries: number;
  stop?: { outcome: Exclude<ReconcileOutcome, 'complete' | 'capped'>; error: AppErrorPayload };
  /** Findings recorded or refreshed by this run. */
  found: Set<number>;
  /** Activations compared conclusively in this run. */
  examined: Set<number>;
}

/** Runs reconcile once and returns the run's id (the run row is committed before the first call). */
export async function reconcileOnce(env: RunEnvironment, trigger: ReconcileTrigger, actor: Actor): Promise<number> {
  const id = env.store.startRun(trigger, actor, env.iso());
  let connection: ActiveConnection;
  try {
    connection = await env.connection();
  } catch (error) {
    // No connection at all (Live credentials incomplete, Training's simulator not starting) is an error, not "offline".
    const outcome = classifyFailure(error) === 'transient' ? 'offline' : 'error';
    const totals: RunTotals = { outcome, queries: 0, activations_checked: 0, left_for_next_run: 0, error: toErrorPayload(error) };
    finish(env, id, actor, trigger, totals, []);
    return id;
  }
  const run: Run = { env, client: connection.client, id, queries: 0, found: new Set(), examined: new Set() };
  const activations = env.store.askable().filter(isAskedAbout);
  const freeRanges = freeRangesOf(env.store);
  const budget = splitBudget(env.maxQueries, activations.length * 3, freeRanges.length * 3);
  const activationsLeft = await checkActivations(run, activations, budget.activations);
  const rangesLeft = run.stop ? freeRanges.length : await probeFreeRanges(run, freeRanges, env.maxQueries - run.queries);
  clearSettledFindings(run);
  const left = activationsLeft + rangesLeft;
  const outcome: ReconcileOutcome = run.stop?.outcome ?? (left > 0 ? 'capped' : 'complete');
  const totals: RunTotals = {
    outcome,
    queries: run.queries,
    activations_checked: run.examined.size,
    left_for_next_run: left,
    error: run.stop?.error ?? null,
  };
  finish(env, id, actor, trigger, totals, [...run.found]);
  return id;
}

function finish(env: RunEnvironment, id: number, actor: Actor, trigger: ReconcileTrigger, totals: RunTotals, found: number[]): void {
  env.db
    .transaction(() => {
      env.store.finishRun(id, totals, env.iso());
      env.audit.append({
        actor,
        action: 'reconcile.run',
        subject: `reconcile:${id}`,
        details: {
          trigger,
          outcome: totals.outcome,
          queries: totals.queries,
          activations_checked: totals.activations_checked,
          left_for_next_run: totals.left_for_next_run,
          findings: found.join(','),
          error_code: totals.error?.code ?? null,
        },
      });
    })
    .immediate();
}

/** Imported segments minus the ranges the ledger holds (pending, sending, active, conflict), per application. */
function freeRangesOf(store: ReconcileStore): IndexRange[] {
  const held = store.heldRanges();
  const byApplication = new Map<number, { code_start: number; code_end: number }[]>();
  for (const segment of store.importedSegments()) {
    const list = byApplication.get(segment.application_id) ?? [];
    list.push(segment);
    byApplication.set(segment.application_id, list);
  }
  return [...byApplication].flatMap(([application_id, segments]) =>
    subtractRanges(
      segments,
      held.filter((range) => range.application_id === application_id),
    ).map((range) => ({ application_id, ...range })),
  );
}

/** One codeactivequery; undefined when the run must stop (recorded on `run.stop`). */
async function ask(run: Run, application_id: number, code_index: number): Promise<ProbeAnswer | undefined> {
  run.queries += 1;
  try {
    return { kind: 'activated', info: await run.client.queryActivation({ application_id, code_index }) };
  } catch (error) {
    const read = answerOfFailure(error);
    if ('answer' in read) return read.answer;
    run.stop = { outcome: read.stop, error: toErrorPayload(error) };
    return undefined;
  }
}

/** Asks about each activation in turn (least recently checked first); returns how many were left unasked. */
async function checkActivations(run: Run, activations: CheckedActivation[], budget: number): Promise<number> {
  let spent = 0;
  for (const [position, row] of activations.entries()) {
    const indices = probeIndices(row, run.env.random);
    if (spent + indices.length > budget) return activations.length - position;
    spent += indices.length;
    const answers: { code_index: number; answer: ProbeAnswer }[] = [];
    for (const code_index of indices) {
      const answer = await ask(run, row.application_id, code_index);
      if (!answer) return activations.length - position;
      answers.push({ code_index, answer });
    }
    record(run, row, answers);
  }
  return 0;
}

/** Stores what the answers say about one activation, unless it moved on (was sent again) while being asked. */
function record(run: Run, asked: CheckedActivation, answers: { code_index: number; answer: ProbeAnswer }[]): void {
  const { env } = run;
  const view = remoteView(asked, answers);
  if (view.kind === 'inconclusive') return;
  env.db
    .transaction(() => {
      const row = env.store.activation(asked.id);
      if (!row || row.state !== asked.state || row.attempts !== asked.attempts) return;
      env.store.saveCheck(row.id, run.id, view.kind, row.attempts, env.iso());
      run.examined.add(row.id);
      const kind = findingKindFor(row.state, view.kind);
      if (!kind) return;
      const findingId = env.store.upsertFinding(
        run.id,
        {
          kind,
          application_id: row.application_id,
          activation_id: row.id,
          code_start: row.code_start,
          code_end: row.code_end,
          local_state: row.state,
          remote: view.kind === 'differs' ? view.remote : heldRemote(answers, row),
          checked: answers.map(({ code_index, answer }) => indexAnswerOf(code_index, answer, row)),
        },
        env.iso(),
      );
      if (findingId !== undefined) run.found.add(findingId);
    })
    .immediate();
}

/** WeChat's activation when it holds exactly the ledger's (from the first answer), null when it holds none. */
function heldRemote(answers: { code_index: number; answer: ProbeAnswer }[], row: CheckedActivation) {
  const first = answers.find((entry) => entry.answer.kind === 'activated');
  return first && first.answer.kind === 'activated'
    ? remoteActivationOf(first.answer.info, { application_id: row.application_id, code_index: first.code_index })
    : null;
}

/**
 * Probes free ranges; whatever WeChat holds there is a finding, and the rest of
 * the range around it is probed in turn. Returns how many ranges were left unprobed.
 */
async function probeFreeRanges(run: Run, ranges: IndexRange[], budget: number): Promise<number> {
  const queue = [...ranges];
  let spent = 0;
  while (queue.length > 0) {
    const range = queue[0]!;
    const indices = probeIndices(range, run.env.random);
    if (spent + indices.length > budget) return queue.length;
    spent += indices.length;
    queue.shift();
    for (const code_index of indices) {
      const answer = await ask(run, range.application_id, code_index);
      if (!answer) return queue.length + 1;
      if (answer.kind !== 'activated') continue;
      const remote = remoteActivationOf(answer.info, { application_id: range.application_id, code_index });
      recordUnknown(run, range, remote, indexAnswerOf(code_index, answer));
      queue.push(...subtractRanges([range], [remote]).map((rest) => ({ application_id: range.application_id, ...rest })));
      break;
    }
  }
  return 0;
}

function recordUnknown(
  run: Run,
  range: IndexRange,
  remote: ReturnType<typeof remoteActivationOf>,
  answer: ReturnType<typeof indexAnswerOf>,
): void {
  const findingId = run.env.store.upsertFinding(
    run.id,
    {
      kind: 'unknown_to_ledger',
      application_id: range.application_id,
      activation_id: null,
      code_start: remote.code_start,
      code_end: remote.code_end,
      local_state: null,
      remote,
      checked: [answer],
    },
    run.env.iso(),
  );
  if (findingId !== undefined) run.found.add(findingId);
}

/** Open findings about an activation this run compared again and found in agreement (or different now) are settled. */
function clearSettledFindings(run: Run): void {
  const { env } = run;
  env.db
    .transaction(() => {
      for (const row of env.store.openRows()) {
        if (row.activation_id === null || run.found.has(row.id) || !run.examined.has(row.activation_id)) continue;
        env.store.resolve(row.id, 'cleared', 'system', null, env.iso());
      }
    })
    .immediate();
}
