/**
 * `npm run bench:import -- [codes] [--no-baseline]`: an application of `codes` codes
 * (default 1,000,000; multiples of 10,000 up to 20,000,000) from the simulator on
 * loopback, end to end through the app's own pipeline (apply → query → download →
 * decrypt → check → insert), then, in the same run, the same encrypted segments
 * through `base64 -d | openssl enc -d` and `sqlite3 .import` into a table with the same
 * indexes. Prints codes/s, peak RSS, the worst event-loop stall and the ratio, with
 * PASS/MISS against DESIGN §7 (informational: the exit code is 0 whatever they say).
 * See docs/benchmarks.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseImportBenchArgs, USAGE } from './lib/args';
import { baselineUnavailable, downloadSegments, runBaseline, toolVersions, type BaselineResult } from './lib/baseline';
import { runOurs } from './lib/ours';
import { describeBaseline, describeOurs, loadLine, machineLine, thousands, verdicts } from './lib/report';
import { startSimulatorProcess } from './lib/simulator-process';

const args = parseImportBenchArgs(process.argv.slice(2));
if ('error' in args) {
  console.error(`bench:import: ${args.error}\nusage: ${USAGE}`);
  process.exit(2);
}

console.log(`bench:import — ${thousands(args.codes)} codes, ${new Date().toISOString()}`);
console.log(`machine: ${machineLine()}; ${loadLine()}`);
console.log('simulator: child process (finish delay 0, 50,000-code segments, layout index_code_url), on 127.0.0.1');

/** Above this the `indexes-before` variant is left out: it is there to show a cost, not to wait on it. */
const INDEXES_BEFORE_MAX_CODES = 5_000_000;

const sim = await startSimulatorProcess();
try {
  const ours = await runOurs(sim, args.codes, {
    onProgress: (done) => console.log(`  … ${thousands(done)} codes imported`),
    scanEveryMs: args.scanEveryMs,
  });
  for (const line of describeOurs(ours)) console.log(line);

  let baseline: BaselineResult | string = args.baseline ? (baselineUnavailable() ?? '') : 'not asked for (--no-baseline)';
  if (baseline === '') {
    const tools = toolVersions();
    console.log(`baseline: ${tools.openssl}, ${tools.sqlite3}; downloading the same ${ours.segments} segments again (not timed)…`);
    const dir = mkdtempSync(join(tmpdir(), 'mc-bench-baseline-'));
    try {
      const segments = await downloadSegments(sim, ours.applicationId, dir);
      // The ratio is held against the ledger's own schema; the other two show the cost of index layouts.
      const same = await runBaseline(segments, 'same-schema');
      console.log(describeBaseline(same));
      baseline = same;
      if (args.codes <= INDEXES_BEFORE_MAX_CODES) {
        const before = await runBaseline(segments, 'indexes-before');
        console.log(describeBaseline(before));
      } else {
        // Random inserts into two unique indexes: time grows with the square of the size (118 s at 5,000,000).
        console.log(`baseline  indexes-before  skipped above ${thousands(INDEXES_BEFORE_MAX_CODES)} codes (would take most of an hour)`);
      }
      const after = await runBaseline(segments, 'indexes-after');
      console.log(describeBaseline(after));
    } catch (error) {
      // A tool that exists but behaves differently (another openssl, an old sqlite3) must not hide our figures.
      const reason = `failed: ${error instanceof Error ? error.message : String(error)}`;
      console.log(`baseline ${reason}`);
      if (typeof baseline === 'string') baseline = reason;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else {
    console.log(`baseline skipped: ${baseline}`);
  }

  console.log(`\n${loadLine()} at the end`);
  console.log('DESIGN §7 targets (informational)');
  for (const line of verdicts(ours, baseline)) console.log(`  ${line}`);
} finally {
  await sim.stop();
}
