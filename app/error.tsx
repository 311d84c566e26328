"use client";

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  // The error's message may carry server detail; show a safe text and let the user retry.
  return (
    <main id="main" tabIndex={-1}>
      <div className="error-panel" role="alert">
        <strong>This page failed to render.</strong>
        <span>Something unexpected happened; the server log has the details. </span>
        <button onClick={reset}>Try again</button>
      </div>
    </main>
  );
}
