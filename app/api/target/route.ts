import { json, route } from "@/lib/server/http";
import { getTarget } from "@/lib/server/target";

export const dynamic = "force-dynamic";

export const GET = route(async () => json(await getTarget()));
