"use client";
// The top bar's switchers: which target (account, credential source) and which region the page
// shows. Each choice is a link to the same page of the other scope, so it works with the keyboard,
// opens in a new tab, and leaves the URL saying where the page points.
import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { regionLabel } from "@/lib/targets/regions";
import { scopedPath, type ScopeRef } from "@/lib/targets/scope";
import type { TargetInfo } from "@/lib/targets/types";

/** The page's path within its scope: `/t/local/us-east-1/streams/orders` → `/streams/orders`. */
export function pathWithinScope(pathname: string): string {
  const m = /^\/t\/[^/]+\/[^/]+(\/.*)?$/.exec(pathname);
  return m ? (m[1] ?? "/") : "/";
}

/** Where a switch leads: the same page (path, not its query) of the other scope. */
export function switchHref(pathname: string, to: ScopeRef): string {
  return scopedPath(to, pathWithinScope(pathname));
}

const regionsOf = (t: TargetInfo) => t.regions ?? [t.defaultRegion];

function Menu({ label, current, testId, children }: { label: string; current: string; testId: string; children: React.ReactNode }) {
  return (
    // Not modal: a modal menu hides the rest of the page from assistive technology (aria-hidden)
    // while it stays focusable, which axe rightly reports; outside clicks, Escape and Tab still close it.
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger className="scope-trigger" data-testid={testId} aria-label={`${label}: ${current}. Switch ${label.toLowerCase()}`}>
        <span className="muted">{label}</span> <b data-testid={`${testId}-value`}>{current}</b> <span aria-hidden="true">▾</span>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="scope-menu" align="end" sideOffset={4} data-testid={`${testId}-menu`}>
          {children}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

export function ScopeSwitcher({ scope, targets }: { scope: ScopeRef; targets: TargetInfo[] }) {
  const pathname = usePathname() ?? "/";
  const current = targets.find((t) => t.name === scope.target);
  const regions = current ? regionsOf(current) : [scope.region];
  return (
    <>
      <Menu label="Target" current={scope.target} testId="target-switcher">
        {targets.map((t) => {
          // Stay in the same region when the other target offers it.
          const region = regionsOf(t).includes(scope.region) ? scope.region : t.defaultRegion;
          return (
            <DropdownMenu.Item key={t.name} asChild>
              <Link href={switchHref(pathname, { target: t.name, region })} aria-current={t.name === scope.target ? "true" : undefined} data-target={t.name}>
                <span className="scope-item-name">{t.name}</span>
                <span className="muted small">
                  {t.kind === "default" ? "default credentials" : t.kind === "profile" ? "profile" : "assumed role"}
                  {t.local ? " · local emulator" : ""} · {region}
                </span>
              </Link>
            </DropdownMenu.Item>
          );
        })}
      </Menu>
      <Menu label="Region" current={scope.region} testId="region-switcher">
        {regions.map((r) => (
          <DropdownMenu.Item key={r} asChild>
            <Link href={switchHref(pathname, { target: scope.target, region: r })} aria-current={r === scope.region ? "true" : undefined} data-region={r}>
              <span className="scope-item-name">{r}</span>
              <span className="muted small">{regionLabel(r)}</span>
            </Link>
          </DropdownMenu.Item>
        ))}
      </Menu>
    </>
  );
}
