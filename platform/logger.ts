// JSON-lines logging (pino) for every process; one root logger, children per component.
import { pino, type Logger } from 'pino';

export type { Logger };

export const DEFAULT_LOG_LEVEL = 'info';

export function createLogger(component: string, level: string = process.env.SHARDCAST_LOG_LEVEL ?? DEFAULT_LOG_LEVEL): Logger {
  return pino({ level, base: { component, pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime });
}

/** A logger that drops everything (tests and embedded use). */
export const silentLogger: Logger = pino({ level: 'silent' });
