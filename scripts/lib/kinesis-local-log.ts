// kinesis-local logs every failed request at WARN with a JVM-style stack trace, including the
// not-found answers the app provokes on purpose (an unknown stream page, a deleted stream, the
// demo's own "does it exist yet?" checks). This filter keeps the demo's output readable: expected
// not-found answers vanish entirely, other failures keep their two telling lines (the request and
// the exception) without the stack frames, which point into minified Scala.js.

/** Exceptions that are a normal answer for the app, not a problem worth a line in the demo's output. */
const EXPECTED = /^\s*kinesis\.mock\.(ResourceNotFoundException)\b/;
/** A request's failure header, e.g. "[warn] kinesis.mock.cache.Cache … Describing the stream summary was unuccessful". */
const FAILURE_HEADER = /^\[warn\].*\bwas\s+un\w*ful\s*$/; // sic: it prints "unuccessful"
const STACK_FRAME = /^\s+at\s/;
const EXCEPTION = /^\s*[\w.$]+(Exception|Error)\b/;

export interface LineFilter {
  /** Takes one line of kinesis-local's output; passes on (via `emit`) the lines worth showing. */
  push(line: string): void;
  /** Passes on a line still held back (call when the process ends). */
  flush(): void;
}

export function createKinesisLocalLogFilter(emit: (line: string) => void): LineFilter {
  /** A failure header waiting for the next line, which says whether the failure was expected. */
  let held: string | undefined;
  /** Whether the following stack frames belong to a trace being dropped. */
  let inTrace = false;

  return {
    push(line) {
      if (inTrace && STACK_FRAME.test(line)) return;
      inTrace = false;
      if (held !== undefined) {
        const header = held;
        held = undefined;
        if (EXPECTED.test(line)) {
          inTrace = true;
          return;
        }
        emit(header);
      }
      if (FAILURE_HEADER.test(line)) {
        held = line;
        return;
      }
      if (EXPECTED.test(line)) {
        inTrace = true;
        return;
      }
      if (EXCEPTION.test(line)) inTrace = true;
      emit(line);
    },
    flush() {
      if (held !== undefined) emit(held);
      held = undefined;
      inTrace = false;
    },
  };
}
