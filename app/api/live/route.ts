import type { LiveResponse } from "@/lib/ops/types";
import { json, otherMethods, route } from "@/lib/server/http";
import { liveness } from "@/lib/server/ops/readiness";

export const dynamic = "force-dynamic";

/** Liveness: the process is up. Answers any Host and needs no sign-in (proxy.ts), as load balancers probe by IP. */
export const GET = route(async () => json<LiveResponse>(liveness()), { logLevel: "debug" });

// Other methods: a JSON 405 with Allow (Next would answer an empty 405).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
