"use client";
import { QueryClientProvider } from "@tanstack/react-query";
import { setNonce } from "get-nonce";
import { useState, type ReactNode } from "react";
import { z } from "zod";
import { makeQueryClient } from "@/lib/queries/query-client";

// In the browser zod must not probe for eval (its faster parsers are built with `new Function`):
// the pages' Content-Security-Policy forbids it, and the probe alone is reported as a violation.
if (typeof window !== "undefined") z.config({ jitless: true });

/** `nonce` is this response's CSP nonce: style elements a library adds at run time (the dialog's scroll lock) need it. */
export function Providers({ nonce, children }: { nonce?: string; children: ReactNode }) {
  if (typeof window !== "undefined" && nonce) setNonce(nonce);
  const [client] = useState(makeQueryClient);
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
