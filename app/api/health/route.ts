import { json, route } from "@/lib/server/http";
import { checkHealth } from "@/lib/server/target";

export const dynamic = "force-dynamic";

export const GET = route(async () => {
  const health = await checkHealth();
  return json(health, { status: health.ok ? 200 : 503 });
});
