"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useScopedHref } from "@/lib/queries/scope";

/** `readOnly` hides the tabs that write: the server refuses writes anyway. */
export function StreamTabs({ name, readOnly }: { name: string; readOnly: boolean }) {
  const pathname = usePathname();
  const base = useScopedHref()(`/streams/${encodeURIComponent(name)}`);
  const tabs = [
    { href: base, label: "Overview" },
    { href: `${base}/records`, label: "Records" },
    { href: `${base}/tail`, label: "Tail" },
    { href: `${base}/search`, label: "Search" },
    { href: `${base}/metrics`, label: "Metrics" },
    { href: `${base}/consumers`, label: "Consumers" },
    ...(readOnly ? [] : [{ href: `${base}/put`, label: "Put records" }]),
  ];
  return (
    <nav className="tabs" aria-label="Stream sections">
      {tabs.map((t) => (
        <Link key={t.href} href={t.href} className={pathname === t.href ? "active" : undefined} aria-current={pathname === t.href ? "page" : undefined}>
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
