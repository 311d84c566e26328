// Any /api path no route serves, in every method: a JSON 404 like every other API error, not
// Next's HTML page.
import { noSuchRoute } from "@/lib/server/http";

export const dynamic = "force-dynamic";

export const GET = noSuchRoute;
export const HEAD = noSuchRoute;
export const POST = noSuchRoute;
export const PUT = noSuchRoute;
export const PATCH = noSuchRoute;
export const DELETE = noSuchRoute;
export const OPTIONS = noSuchRoute;
