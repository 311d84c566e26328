import type { Metadata } from "next";
import { connection } from "next/server";
import { AuthPage, SignOutButton } from "@/components/auth/auth-page";
import { pageAccess } from "@/lib/server/auth/page-access";

export const metadata: Metadata = { title: "No access" };

/** Signed in without a role, or (ALB) a request that did not come through the load balancer. */
export default async function DeniedPage() {
  await connection();
  const access = await pageAccess();
  if (access.user && !access.role) {
    const groups = access.user.groups.length > 0 ? access.user.groups.join(", ") : "none";
    return (
      <AuthPage title="No Shardscope role">
        <p data-testid="denied">
          You are signed in as <b>{access.user.name}</b>, but none of your groups ({groups}) has a role on this Shardscope server. Ask an administrator to add
          one of them to <code>roles</code> in its configuration file.
        </p>
        {access.auth === "oidc" ? <SignOutButton /> : null}
      </AuthPage>
    );
  }
  if (access.user) {
    return (
      <AuthPage title="Signed in">
        <p>
          You are signed in as <b>{access.user.name}</b> ({access.role}). <a href="/">Go to Shardscope</a>
        </p>
      </AuthPage>
    );
  }
  return (
    <AuthPage title="Not signed in">
      <p data-testid="denied">
        {access.auth === "alb"
          ? "This Shardscope server signs people in through its AWS load balancer, and this request did not come through it with a valid sign-in. Open Shardscope at the load balancer's address."
          : "Sign in to use Shardscope."}
      </p>
      {access.auth === "oidc" ? (
        <p>
          <a href="/auth/sign-in" className="button primary">
            Sign in
          </a>
        </p>
      ) : null}
    </AuthPage>
  );
}
