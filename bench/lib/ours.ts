/**
 * The end-to-end import as the app does it: a fresh data directory, `composeApp`
 * pointed at the simulator child (through the environment connection, as the CLI
 * does with MARKETCODE_* variables), `batches.apply` then `batches.settle`. Timed
 * from apply to settled, in this process, while memory and the event loop are watched.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventPayload } from '../../src/shared/contract';
import { composeApp, type ComposedApp } from '../../src/main/compose';
import type { FetchLike } from '../../src/main/wechat';
import { maxRssBytes, watchEventLoop, watchMemory } from './monitors';
import type { SimulatorProcess } from './simulator-process';
import { bundleImportThread } from './import-thread-bundle';

export interface OursResult {
  applicationId: number;
  codes: number;
  segments: number;
  seconds: number;
  /** Wall time spent in HTTP exchanges for `applycodedownload` (simulator building, encrypting and sending). */
  downloadSeconds: number;
  /** CPU seconds of this process (user + system) from apply to settled. */
  cpuSeconds: number;
  /** CPU seconds the simulator child used meanwhile, when /proc tells. */
  simulatorCpuSeconds: number | undefined;
  rssBeforeBytes: number;
  sampledPeakRssBytes: number;
  /** `process.memoryUsage()` at the sampled peak. */
  atPeak: NodeJS.MemoryUsage;
  maxRssBytes: number;
  worstStallMs: number;
  stallsOver100Ms: number;
  loopDelayP99Ms: number;
  ledgerBytes: number;
  /** With `--scans`: the verification engine's time per scan while the import ran (ms, sorted). */
  scanLatenciesMs: number[] | undefined;
}

/** Progress is reported every this many codes. */
const PROGRESS_STEP = 1_000_000;

/** Not in the ledger: each scan takes the engine's whole path (look-ups, the write of the scan) and ends UNKNOWN_CODE. */
const UNKNOWN_CODE_URL = 'P.URL.CN/0U.ZZZZZZZZZZZZZZZZ';

export async function runOurs(
  sim: SimulatorProcess,
  codeCount: number,
  options: { onProgress?: (done: number) => void; scanEveryMs?: number | undefined } = {},
): Promise<OursResult> {
  const { onProgress } = options;
  const dataDir = mkdtempSync(join(tmpdir(), 'mc-bench-import-'));
  let downloadMs = 0;
  const timedFetch: FetchLike = async (input, init) => {
    const started = performance.now();
    const response = await fetch(input, init);
    if (!input.includes('/applycodedownload')) return response;
    // The client reads bodies with arrayBuffer(): the exchange ends when the body is in.
    const arrayBuffer = response.arrayBuffer.bind(response);
    return Object.assign(response, {
      arrayBuffer: async () => {
        try {
          return await arrayBuffer();
        } finally {
          downloadMs += performance.now() - started;
        }
      },
    });
  };
  const app = await composeApp({
    dataDir,
    environment: { credentialKind: 'secret', appid: sim.appid, appSecret: sim.secret, serviceKey: sim.serviceKey, baseUrl: sim.url },
    clientOptions: { fetch: timedFetch },
    batchOptions: { pollDelayMs: { initial: 0, max: 0 } },
    importThread: bundleImportThread(),
    verificationOptions: { remote: false, stationName: 'bench-import' },
  });
  try {
    let lastReported = 0;
    const unsubscribe = app.events.subscribeAll((event, payload) => {
      if (event !== 'batches.progress') return;
      const done = (payload as EventPayload<'batches.progress'>).codes_imported;
      if (done - lastReported >= PROGRESS_STEP || done === codeCount) {
        lastReported = done;
        onProgress?.(done);
      }
    });
    global.gc?.();
    const rssBefore = process.memoryUsage.rss();
    const memory = watchMemory();
    const loop = watchEventLoop();
    const simulatorCpuBefore = sim.cpuSeconds();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();

    const { isv_application_id } = app.services.batches.apply({ code_count: codeCount }, 'bench');
    const scanning = options.scanEveryMs === undefined ? undefined : scanWhile(app, options.scanEveryMs);
    const summary = await app.services.batches.settle(isv_application_id).finally(() => scanning?.stop());

    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const simulatorCpuAfter = sim.cpuSeconds();
    loop.stop();
    memory.stop();
    unsubscribe();

    const applicationId = summary.application_id;
    if (applicationId === null) throw new Error('the application has no application_id after settling');
    const codes = (app.ledger.prepare('SELECT COUNT(*) AS n FROM codes WHERE application_id = ?').get(applicationId) as { n: number }).n;
    if (codes !== codeCount) throw new Error(`imported ${codes} codes, expected ${codeCount}`);
    const segments = app.services.batches.store.segments(applicationId).length;
    const pages = app.ledger.pragma('page_count', { simple: true }) as number;
    const pageSize = app.ledger.pragma('page_size', { simple: true }) as number;
    return {
      applicationId,
      codes,
      segments,
      seconds,
      downloadSeconds: downloadMs / 1000,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      simulatorCpuSeconds:
        simulatorCpuBefore === undefined || simulatorCpuAfter === undefined ? undefined : simulatorCpuAfter - simulatorCpuBefore,
      rssBeforeBytes: rssBefore,
      sampledPeakRssBytes: memory.sampledPeakRss(),
      atPeak: memory.atSampledPeak(),
      maxRssBytes: maxRssBytes(),
      worstStallMs: loop.worstStallMs(),
      stallsOver100Ms: loop.stallsOver100Ms(),
      loopDelayP99Ms: loop.delayP99Ms(),
      ledgerBytes: pages * pageSize,
      scanLatenciesMs: scanning?.latencies().sort((a, b) => a - b),
    };
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A line scanning while the import runs: how long the engine takes per scan (it shares the ledger with the import thread). */
function scanWhile(app: ComposedApp, everyMs: number) {
  const latencies: number[] = [];
  const timer = setInterval(() => {
    const started = performance.now();
    app.services.verification.scan(UNKNOWN_CODE_URL, 'hid', app.gate.currentActor(), { session: 'none' });
    latencies.push(performance.now() - started);
  }, everyMs);
  return {
    stop: () => clearInterval(timer),
    latencies: () => latencies,
  };
}
