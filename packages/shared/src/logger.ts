import { createRedactor, type Redactor } from "./redact";

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogRecord {
  level: LogLevel;
  message: string;
  fields?: Record<string, unknown>;
  time: string;
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger whose records carry these fields too (for example `{ action: "send_message" }`). */
  child(fields: Record<string, unknown>): Logger;
  /** False when records of this level are dropped: callers skip building them. */
  isLevelEnabled?(level: LogLevel): boolean;
}

export type LogSink = (record: LogRecord) => void;

export interface LoggerOptions {
  /** Records below this level are dropped. Default `info`, or `TRIGGO_LOG_LEVEL`. */
  level?: LogLevel;
  /** Where records go. Default: one JSON line per record on stderr. */
  sink?: LogSink;
  /** Masks secrets in messages and fields before the sink sees them. */
  redactor?: Redactor;
  fields?: Record<string, unknown>;
}

export const jsonLineSink: LogSink = (record) => {
  process.stderr.write(`${JSON.stringify(record)}\n`);
};

export function createLogger(options: LoggerOptions = {}): Logger {
  const envLevel = process.env.TRIGGO_LOG_LEVEL as LogLevel | undefined;
  const level = options.level ?? (envLevel && LOG_LEVELS.includes(envLevel) ? envLevel : "info");
  if (!LOG_LEVELS.includes(level)) {
    throw new TypeError(
      `Unknown log level "${String(level)}": use one of ${LOG_LEVELS.join(", ")}.`,
    );
  }
  const threshold = LOG_LEVELS.indexOf(level);
  const sink = options.sink ?? jsonLineSink;
  const redactor = options.redactor ?? createRedactor();
  const baseFields = options.fields;

  const write = (recordLevel: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (LOG_LEVELS.indexOf(recordLevel) < threshold) return;
    const merged = baseFields || fields ? { ...baseFields, ...fields } : undefined;
    sink({
      level: recordLevel,
      message: redactor.redactText(message),
      ...(merged ? { fields: redactor.redact(merged) } : {}),
      time: new Date().toISOString(),
    });
  };

  return {
    debug: (message, fields) => write("debug", message, fields),
    info: (message, fields) => write("info", message, fields),
    warn: (message, fields) => write("warn", message, fields),
    error: (message, fields) => write("error", message, fields),
    child: (fields) =>
      createLogger({ level, sink, redactor, fields: { ...baseFields, ...fields } }),
    isLevelEnabled: (recordLevel) => LOG_LEVELS.indexOf(recordLevel) >= threshold,
  };
}

/** A logger that drops everything; the default where nobody asked for logs. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
  isLevelEnabled: () => false,
};

/** Wraps any logger so that everything it receives passes through the redactor first. */
export function redactLogger(logger: Logger, redactor: Redactor): Logger {
  const enabled = (level: LogLevel) => logger.isLevelEnabled?.(level) ?? true;
  const wrap =
    (level: LogLevel) =>
    (message: string, fields?: Record<string, unknown>): void => {
      // Redacting costs; a record the inner logger drops is not worth it.
      if (!enabled(level)) return;
      const safeMessage = redactor.redactText(message);
      const safeFields = fields === undefined ? undefined : redactor.redact(fields);
      logger[level](safeMessage, safeFields);
    };
  return {
    debug: wrap("debug"),
    info: wrap("info"),
    warn: wrap("warn"),
    error: wrap("error"),
    child: (fields) => redactLogger(logger.child(redactor.redact(fields)), redactor),
    isLevelEnabled: enabled,
  };
}
