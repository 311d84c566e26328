// In front of every request (Next's proxy, formerly middleware): refuses, before Next routes it,
// a path with malformed percent-encoding or a method Next does not route, both of which Next
// would otherwise answer with a plain-text 500.
import { NextResponse, type NextRequest } from "next/server";
import { checkPathAndMethod, refusalResponse } from "@/lib/server/http-guards";

export function proxy(request: NextRequest): Response {
  const refusal = checkPathAndMethod(request.nextUrl.pathname, request.method);
  return refusal ? refusalResponse(refusal) : NextResponse.next();
}
