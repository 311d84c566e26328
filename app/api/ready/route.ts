import type { ReadyResponse } from "@/lib/ops/types";
import { json, otherMethods, route } from "@/lib/server/http";
import { readiness } from "@/lib/server/ops/readiness";

export const dynamic = "force-dynamic";

/** Readiness: settings and targets loaded (503 otherwise); Kinesis's reachability is reported, not required. Answers any Host, no sign-in. */
export const GET = route(
  async () => {
    const answer = await readiness();
    return json<ReadyResponse>(answer, { status: answer.ready ? 200 : 503 });
  },
  { logLevel: "debug" },
);

// Other methods: a JSON 405 with Allow (Next would answer an empty 405).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
