import { buildOpenApiDocument } from "@/lib/api/openapi";
import { json, route } from "@/lib/server/http";

export const dynamic = "force-dynamic";

let document: ReturnType<typeof buildOpenApiDocument> | undefined;

export const GET = route(async () => json((document ??= buildOpenApiDocument())));
