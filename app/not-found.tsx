import Link from "next/link";

// Any address no page serves, an unknown target or a region a target is not configured for.
export default function NotFound() {
  return (
    <>
      <header className="topbar">
        <Link href="/" className="brand">
          Shardscope
        </Link>
      </header>
      <main id="main" tabIndex={-1}>
        <div className="panel empty" data-testid="page-not-found">
          <h2>Page not found</h2>
          <p>
            There is no page at this address: the target or region it names may not be configured on this server. <Link href="/">Back to the streams</Link>
          </p>
        </div>
      </main>
    </>
  );
}
