import "server-only";
// The request id: proxy.ts gives every request one (X-Request-Id on the request the routes see, and
// on the response), and route() logs it, so a line in the log, a response a user reports and a load
// balancer's own log can be matched. An id a proxy in front already set is kept when it looks like
// one; anything else (too long, odd characters) is replaced, so the header cannot smuggle text.

export const REQUEST_ID_HEADER = "x-request-id";

const SANE = /^[A-Za-z0-9._:+=/-]{1,128}$/;

/** The incoming id when it is sane, else a new random one. */
export function requestIdFor(incoming: string | null | undefined): string {
  return incoming && SANE.test(incoming) ? incoming : crypto.randomUUID();
}
