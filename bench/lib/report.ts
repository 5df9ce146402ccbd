/** Formatting of `bench:import` results and the DESIGN §7 verdicts (informational: nothing here fails a build). */
import { cpus, loadavg, totalmem } from 'node:os';
import type { BaselineResult } from './baseline';
import type { OursResult } from './ours';

export const TARGETS = {
  /** DESIGN §7: codes per second, download to indexed rows, on the 2-core CI machine. */
  codesPerSecond: 200_000,
  /** DESIGN §7: our time over the openssl + sqlite3 baseline's time, same segments, same run. */
  ratio: 1.25,
  /** DESIGN §7: peak RSS while importing a 20,000,000-code application, in MB (10^6 bytes). */
  peakRssMb: 300,
  rssTargetCodes: 20_000_000,
} as const;

export const mb = (bytes: number) => bytes / 1e6;
export const thousands = (value: number) => Math.round(value).toLocaleString('en-US');
const verdict = (pass: boolean) => (pass ? 'PASS' : 'MISS');

export function machineLine(): string {
  const cores = cpus();
  const model = cores[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  return `${model}, ${cores.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${process.platform} ${process.arch}, Node ${process.versions.node}`;
}

/** Other work on the machine skews every figure here: the 1-minute load average says how much there was. */
export function loadLine(): string {
  return `load average ${loadavg()[0]!.toFixed(2)} (1 min) on ${cpus().length} cores`;
}

export function describeOurs(ours: OursResult): string[] {
  const rate = ours.codes / ours.seconds;
  const simulatorCpu = ours.simulatorCpuSeconds === undefined ? '' : `, simulator child ${ours.simulatorCpuSeconds.toFixed(1)} s`;
  return [
    `ours      ${ours.seconds.toFixed(2)} s  ${thousands(rate)} codes/s  (${ours.segments} segments)`,
    `          of which in HTTP downloads ${ours.downloadSeconds.toFixed(2)} s (simulator builds, encrypts, sends); ` +
      `the rest ${(ours.seconds - ours.downloadSeconds).toFixed(2)} s = ${thousands(ours.codes / (ours.seconds - ours.downloadSeconds))} codes/s`,
    `          CPU: bench process ${ours.cpuSeconds.toFixed(1)} s${simulatorCpu}`,
    `          RSS: ${mb(ours.rssBeforeBytes).toFixed(0)} MB before apply, peak ${mb(ours.maxRssBytes).toFixed(0)} MB ` +
      `(kernel high-water mark), ${mb(ours.sampledPeakRssBytes).toFixed(0)} MB sampled every 50 ms ` +
      `(then V8 heap ${mb(ours.atPeak.heapTotal).toFixed(0)} MB, Buffers ${mb(ours.atPeak.arrayBuffers).toFixed(0)} MB, ` +
      `other external ${mb(ours.atPeak.external - ours.atPeak.arrayBuffers).toFixed(0)} MB)`,
    `          event loop: worst stall ${ours.worstStallMs.toFixed(0)} ms (10 ms timer), ${ours.stallsOver100Ms} ${ours.stallsOver100Ms === 1 ? 'stall' : 'stalls'} > 100 ms, ` +
      `p99 delay ${ours.loopDelayP99Ms.toFixed(0)} ms`,
    `          ledger file ${mb(ours.ledgerBytes).toFixed(0)} MB`,
    ...(ours.scanLatenciesMs ? [describeScans(ours.scanLatenciesMs)] : []),
  ];
}

/** `--scans`: quantiles of the engine's time per scan during the import (sorted input). */
function describeScans(sorted: readonly number[]): string {
  if (sorted.length === 0) return '          scans during the import: none (the import ended before the first)';
  const at = (quantile: number) => sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))]!.toFixed(1);
  return (
    `          scans during the import: ${sorted.length}, engine time p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, ` +
    `p99 ${at(0.99)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`
  );
}

export function describeBaseline(result: BaselineResult): string {
  const index =
    result.variant === 'indexes-after'
      ? ` + build indexes ${result.indexSeconds.toFixed(2)} s`
      : result.variant === 'same-schema'
        ? ` + fill look-ups ${result.indexSeconds.toFixed(2)} s`
        : '';
  return (
    `baseline  ${result.variant.padEnd(15)} ${result.seconds.toFixed(2)} s  ${thousands(result.codes / result.seconds)} codes/s  ` +
    `(base64 -d | openssl ${result.decryptSeconds.toFixed(2)} s, sqlite3 .import ${result.importSeconds.toFixed(2)} s${index}; ` +
    `database ${mb(result.databaseBytes).toFixed(0)} MB)`
  );
}

/** The verdict lines; `baseline` is a result or why it was skipped. */
export function verdicts(ours: OursResult, baseline: BaselineResult | string): string[] {
  const rate = ours.codes / ours.seconds;
  const lines = [
    `speed      ${thousands(rate)} codes/s ≥ ${thousands(TARGETS.codesPerSecond)}: ${verdict(rate >= TARGETS.codesPerSecond)}`,
  ];
  if (typeof baseline === 'string') {
    lines.push(`ratio      baseline skipped: ${baseline}`);
  } else {
    const ratio = ours.seconds / baseline.seconds;
    lines.push(
      `ratio      ours ${ours.seconds.toFixed(2)} s / baseline ${baseline.seconds.toFixed(2)} s = ${ratio.toFixed(2)} ≤ ${TARGETS.ratio}: ${verdict(ratio <= TARGETS.ratio)}` +
        `  (ours excluding downloads: ${((ours.seconds - ours.downloadSeconds) / baseline.seconds).toFixed(2)})`,
    );
  }
  const peak = mb(ours.maxRssBytes);
  const scope =
    ours.codes === TARGETS.rssTargetCodes
      ? ''
      : ` (this run ${thousands(ours.codes)} codes; the target is for ${thousands(TARGETS.rssTargetCodes)})`;
  lines.push(`peak RSS   ${peak.toFixed(0)} MB < ${TARGETS.peakRssMb} MB: ${verdict(peak < TARGETS.peakRssMb)}${scope}`);
  lines.push(
    `stall      worst ${ours.worstStallMs.toFixed(0)} ms: no DESIGN target (scan to verdict on screen is p95 < 50 ms; a longer stall delays scans)`,
  );
  return lines;
}
