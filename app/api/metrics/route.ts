import { otherMethods, route } from "@/lib/server/http";
import { metricsText } from "@/lib/server/ops/metrics";

export const dynamic = "force-dynamic";

/** Prometheus metrics (text exposition format), behind the same guards as every API route. */
export const GET = route(
  async () => {
    const { body, contentType } = await metricsText();
    return new Response(body, { status: 200, headers: { "content-type": contentType, "cache-control": "no-store" } });
  },
  { logLevel: "debug" },
);

// Other methods: a JSON 405 with Allow (Next would answer an empty 405).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
