import { otherMethods, route } from "@/lib/server/http";
import { signOutRoute } from "@/lib/server/auth/sign-in-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = route(signOutRoute);
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
