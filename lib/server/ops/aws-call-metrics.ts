import "server-only";
// Counts every AWS SDK call a scope makes, by service and operation, and its errors by AWS error
// code: one middleware on each client, so no call site can forget it. It sits at the initialize
// step, outside the SDK's retries, so a call counts once however many attempts it took.
import type { HandlerExecutionContext, InitializeHandler, InitializeHandlerArguments, MiddlewareStack } from "@smithy/types";
import { countAwsCall, type ScopeLabels } from "./metrics";

const NAME = "shardscopeCallMetrics";

/** Adds the counting middleware to an SDK client of `scope` (anything without a middleware stack is left alone). */
export function instrumentAwsClient(client: unknown, scope: ScopeLabels): void {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- every SDK client's stack, whatever its input and output types
  const stack = (client as { middlewareStack?: MiddlewareStack<any, any> } | null)?.middlewareStack;
  if (!stack || typeof stack.add !== "function") return;
  const labels = { target: scope.target, region: scope.region };
  stack.add(
    (next: InitializeHandler<object, object>, context: HandlerExecutionContext) => async (args: InitializeHandlerArguments<object>) => {
      try {
        const out = await next(args);
        countAwsCall(labels, context.clientName, context.commandName);
        return out;
      } catch (e) {
        countAwsCall(labels, context.clientName, context.commandName, e);
        throw e;
      }
    },
    { step: "initialize", name: NAME, override: true },
  );
}
