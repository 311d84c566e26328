import "server-only";
// The server's log: JSON lines on stdout (pino), one object per event with an ISO time and a level
// name, so a log collector can parse and filter them. SHARDSCOPE_LOG_LEVEL sets the level (info by
// default); it is read here directly, so an unrelated bad setting never silences the log (the start
// check reports a bad level with every other problem). Kept on globalThis: Next bundles this module
// per route, and every copy writes through one logger.
import pino, { type Logger } from "pino";
import { LOG_LEVELS, type LogLevel } from "./log-levels";

const KEY = Symbol.for("shardscope.log");

/** The level SHARDSCOPE_LOG_LEVEL names, or info when it is unset or not a level. */
export function logLevelFrom(value: string | undefined): LogLevel {
  const v = value?.trim().toLowerCase();
  return (LOG_LEVELS as readonly string[]).includes(v ?? "") ? (v as LogLevel) : "info";
}

/** pino's options for Shardscope: level names rather than numbers, ISO times, no pid/hostname noise beyond pino's own. */
export function loggerOptions(level: LogLevel): pino.LoggerOptions {
  return {
    level,
    base: { service: "shardscope" },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
}

/** The process's logger. */
export function log(): Logger {
  const g = globalThis as typeof globalThis & { [KEY]?: Logger };
  g[KEY] ??= pino(loggerOptions(logLevelFrom(process.env.SHARDSCOPE_LOG_LEVEL)));
  return g[KEY];
}
