import { otherMethods, route } from "@/lib/server/http";
import { signInRoute } from "@/lib/server/auth/sign-in-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(signInRoute);
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
