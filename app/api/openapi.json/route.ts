import { buildOpenApiDocument } from "@/lib/http/openapi";
import { json, otherMethods, route } from "@/lib/server/http";

export const dynamic = "force-dynamic";

let document: ReturnType<typeof buildOpenApiDocument> | undefined;

export const GET = route(async () => json((document ??= buildOpenApiDocument())));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
