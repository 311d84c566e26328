import type { Metadata } from "next";
import { AuthPage } from "@/components/auth/auth-page";

export const metadata: Metadata = { title: "Sign-in failed" };

/** Each reason in words; anything else in the URL is shown as none of them (never echoed). */
const REASONS: Record<string, string> = {
  provider_unreachable: "The sign-in provider cannot be reached from this server. Try again in a minute; if it persists, the server log says why.",
  expired: "The sign-in took too long, or was started in another browser or tab. Start again.",
  provider_refused: "The sign-in provider refused the sign-in (you may have cancelled it).",
  invalid_answer: "The provider's answer could not be verified, so nobody was signed in. The server log has the details.",
};

export default async function SignInFailedPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const reason = (await searchParams).reason;
  const text = typeof reason === "string" ? REASONS[reason] : undefined;
  return (
    <AuthPage title="Sign-in failed">
      <p data-testid="sign-in-failed">{text ?? "The sign-in did not complete."}</p>
      <p>
        <a href="/auth/sign-in" className="button primary">
          Try again
        </a>
      </p>
    </AuthPage>
  );
}
