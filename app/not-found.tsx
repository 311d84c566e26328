import Link from "next/link";

export default function NotFound() {
  return (
    <div className="panel empty">
      <h2>Page not found</h2>
      <p>
        There is no page at this address. <Link href="/">Back to the streams</Link>
      </p>
    </div>
  );
}
