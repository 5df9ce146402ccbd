export { createFileLogger, redact, type Logger, type LogLevel } from './logger';
