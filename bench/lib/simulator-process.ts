/**
 * Starts `simulator-child.ts` in its own Node process and reads the line it prints.
 * The child ends on `stop()`, and on its own if this process dies (its stdin closes).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface SimulatorProcess {
  url: string;
  appid: string;
  secret: string;
  serviceKey: string;
  pid: number;
  /** CPU seconds (user + system) the child has used so far; undefined where /proc is missing. */
  cpuSeconds(): number | undefined;
  stop(): Promise<void>;
}

const CHILD = fileURLToPath(new URL('./simulator-child.ts', import.meta.url));
const START_TIMEOUT_MS = 30_000;

export async function startSimulatorProcess(): Promise<SimulatorProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { stdio: ['pipe', 'pipe', 'inherit'] });
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start the simulator child process');
  let info: { url: string; appid: string; secret: string; serviceKey: string };
  try {
    info = JSON.parse(await firstLine(child)) as typeof info;
  } catch (error) {
    child.kill('SIGTERM');
    throw error;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    ...info,
    pid,
    cpuSeconds: () => processCpuSeconds(pid),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error('the simulator child printed nothing within 30 s')), START_TIMEOUT_MS);
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      text += chunk;
      const end = text.indexOf('\n');
      if (end >= 0) {
        clearTimeout(timer);
        resolve(text.slice(0, end));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the simulator child exited (code ${code}) before printing its URL`));
    });
  });
}

/** utime + stime of a process from /proc/<pid>/stat (Linux), in seconds. */
function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks / CLOCK_TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}

/** USER_HZ: 100 on every Linux this runs on (glibc's sysconf(_SC_CLK_TCK)). */
const CLOCK_TICKS_PER_SECOND = 100;
