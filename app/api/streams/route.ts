import type { StreamListResponse } from "@/lib/api/types";
import { json, route } from "@/lib/server/http";
import { listStreams } from "@/lib/server/kinesis/streams";

export const dynamic = "force-dynamic";

export const GET = route(async () => json<StreamListResponse>({ streams: await listStreams() }));
