import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Field names whose values must never reach a log file. */
const SECRET_FIELD = /secret|token|service_?key|password|pin|buffer/i;
/** `access_token=...` inside URLs or messages. */
const SECRET_IN_TEXT = /(access_token|secret|token)=([^&\s"]+)/gi;

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(SECRET_IN_TEXT, '$1=[redacted]');
  if (depth > 5 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_FIELD.test(key) ? '[redacted]' : redact(item, depth + 1);
  }
  return out;
}

/** JSON lines in `<dataDir>/logs/marketcode.log`, secrets redacted; ':memory:' logs nowhere. */
export function createFileLogger(dataDir: string, minLevel: LogLevel = 'info'): Logger {
  const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
  const file = dataDir === ':memory:' ? undefined : join(dataDir, 'logs', 'marketcode.log');
  if (file) mkdirSync(join(dataDir, 'logs'), { recursive: true, mode: 0o700 });
  const write = (level: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (order[level] < order[minLevel] || !file) return;
    const line = JSON.stringify({
      time: new Date().toISOString(),
      level,
      message: redact(message),
      ...(fields ? { fields: redact(fields) } : {}),
    });
    // Owner-only when created (the mode is ignored for an existing file; compose narrows those).
    appendFileSync(file, line + '\n', { mode: 0o600 });
  };
  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}
