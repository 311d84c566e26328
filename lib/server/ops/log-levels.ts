import "server-only";
// The levels SHARDSCOPE_LOG_LEVEL accepts: pino's, plus `silent`.

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
