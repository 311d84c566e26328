import { json, otherMethods, route } from "@/lib/server/http";
import { getTarget } from "@/lib/server/target";

export const dynamic = "force-dynamic";

export const GET = route(async () => json(await getTarget()));

// Other methods: a JSON 405 with Allow (Next would answer an empty 405).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
