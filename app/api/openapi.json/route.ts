import { buildOpenApiDocument } from "@/lib/http/openapi";
import { json, otherMethods, route } from "@/lib/server/http";
import { listTargets } from "@/lib/server/targets/registry";

export const dynamic = "force-dynamic";

let document: ReturnType<typeof buildOpenApiDocument> | undefined;

/** The document names this server's own targets and regions, so that a client can only be shown real ones. */
export const GET = route(async () => {
  if (!document) {
    const { targets } = await listTargets();
    document = buildOpenApiDocument({
      targets: targets.map((t) => t.name),
      regions: [...new Set(targets.flatMap((t) => t.regions ?? [t.defaultRegion]))].sort(),
    });
  }
  return json(document);
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
