import { otherMethods, route } from "@/lib/server/http";
import { callbackRoute } from "@/lib/server/auth/sign-in-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(callbackRoute);
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
