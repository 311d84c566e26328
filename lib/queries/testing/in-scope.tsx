// The scope a hook or component test runs in, as the scoped layout would provide it.
import type { ReactNode } from "react";
import { ScopeProvider } from "@/lib/queries/scope";

export const TEST_SCOPE = { target: "local", region: "us-east-1" } as const;
/** The API prefix hooks use in TEST_SCOPE. */
export const TEST_API = "/api/t/local/us-east-1";

export function InScope({ children }: { children: ReactNode }) {
  return <ScopeProvider scope={TEST_SCOPE}>{children}</ScopeProvider>;
}
