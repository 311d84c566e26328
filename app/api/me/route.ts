import type { MeResponse } from "@/lib/auth/types";
import { json, otherMethods, route } from "@/lib/server/http";
import { requireRole } from "@/lib/server/auth/identity";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Who is signed in: 401 without a session, 403 without a role. */
export const GET = route(async (req) => {
  const { user, role, auth } = await requireRole(req, "viewer", "Shardscope");
  return json<MeResponse>({ user, role, auth });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
