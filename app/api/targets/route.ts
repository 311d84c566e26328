import type { TargetsResponse } from "@/lib/targets/types";
import { json, otherMethods, route } from "@/lib/server/http";
import { listTargets } from "@/lib/server/targets/registry";

export const dynamic = "force-dynamic";

/** The configured targets (names, kinds, regions; never a credential or a role) and what short URLs mean. */
export const GET = route(async () => json<TargetsResponse>(await listTargets()));

// Other methods: a JSON 405 with Allow (Next would answer an empty 405).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
