/**
 * What the benchmark watches while the import runs in this process: resident memory
 * (sampled every 50 ms, plus the kernel's high-water mark, which also catches peaks
 * inside long synchronous stretches when no timer can fire) and the event loop's
 * responsiveness (how late a 10 ms interval timer fires, and Node's histogram).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface MemoryWatch {
  /** Highest `process.memoryUsage().rss` seen by the 50 ms sampler, in bytes. */
  sampledPeakRss(): number;
  /** The whole `process.memoryUsage()` at that sample: where the peak was (V8 heap, Buffers…). */
  atSampledPeak(): NodeJS.MemoryUsage;
  stop(): void;
}

export function watchMemory(intervalMs = 50): MemoryWatch {
  let peak = process.memoryUsage();
  const sample = () => {
    const usage = process.memoryUsage();
    if (usage.rss > peak.rss) peak = usage;
  };
  const timer = setInterval(sample, intervalMs);
  return {
    sampledPeakRss: () => (sample(), peak.rss),
    atSampledPeak: () => peak,
    stop: () => clearInterval(timer),
  };
}

/** The kernel's peak resident set size of this process since it started (getrusage ru_maxrss), in bytes. */
export function maxRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

export interface EventLoopWatch {
  /** Worst lateness of the 10 ms interval timer, in ms: the longest the loop was blocked. */
  worstStallMs(): number;
  /** Ticks of the 10 ms timer that came more than 100 ms late. */
  stallsOver100Ms(): number;
  /** Node's event-loop delay histogram (`monitorEventLoopDelay`, 10 ms resolution): p99 and max, in ms. */
  delayP99Ms(): number;
  delayMaxMs(): number;
  stop(): void;
}

export function watchEventLoop(intervalMs = 10): EventLoopWatch {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let last = performance.now();
  let worst = 0;
  let over100 = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const late = now - last - intervalMs;
    if (late > worst) worst = late;
    if (late > 100) over100++;
    last = now;
  }, intervalMs);
  return {
    worstStallMs: () => worst,
    stallsOver100Ms: () => over100,
    delayP99Ms: () => histogram.percentile(99) / 1e6,
    delayMaxMs: () => histogram.max / 1e6,
    stop() {
      clearInterval(timer);
      histogram.disable();
    },
  };
}
