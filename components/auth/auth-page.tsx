// The frame of the sign-in pages (signed out, refused, failed): no target, no top bar switchers.
import Link from "next/link";
import type { ReactNode } from "react";

export function AuthPage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <>
      <header className="topbar">
        <Link href="/" className="brand">
          Shardscope
        </Link>
      </header>
      <main id="main" tabIndex={-1} className="auth-page">
        <h1>{title}</h1>
        {children}
      </main>
    </>
  );
}

/** Signing out is a POST from this page (never a link another site could make a browser follow). */
export function SignOutButton() {
  return (
    <form method="post" action="/auth/sign-out">
      <button type="submit">Sign out</button>
    </form>
  );
}
