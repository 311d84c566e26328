import Link from "next/link";
import { NotFoundContent } from "@/components/targets/scope-not-found";

// Any address no page serves; also what the scope's layout shows for an unknown target or a region
// the target is not configured for (NotFoundContent says which, from the address).
export default function NotFound() {
  return (
    <>
      <header className="topbar">
        <Link href="/" className="brand">
          Shardscope
        </Link>
      </header>
      <main id="main" tabIndex={-1}>
        <NotFoundContent />
      </main>
    </>
  );
}
