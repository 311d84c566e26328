import type { Metadata } from "next";
import { AuthPage } from "@/components/auth/auth-page";

export const metadata: Metadata = { title: "Signed out" };

export default function SignedOutPage() {
  return (
    <AuthPage title="You are signed out">
      <p>Your Shardscope session has ended on this browser.</p>
      <p>
        {/* A plain link: the sign-in route redirects to the provider. */}
        <a href="/auth/sign-in" className="button primary" data-testid="sign-in-again">
          Sign in again
        </a>
      </p>
    </AuthPage>
  );
}
