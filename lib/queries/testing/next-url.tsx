// Next's App Router, as far as useSearchParams and usePathname see it: its real contexts, fed from
// window.location and updated when history.pushState/replaceState change the URL, which is what
// Next's router does with those calls. For hook and component tests in jsdom.
import { useEffect, useState, type ReactNode } from "react";
import { PathnameContext, SearchParamsContext } from "next/dist/shared/lib/hooks-client-context.shared-runtime";

export function NextUrl({ children }: { children: ReactNode }) {
  const [href, setHref] = useState(() => window.location.href);
  useEffect(() => {
    const { pushState, replaceState } = window.history;
    window.history.pushState = (...args: Parameters<History["pushState"]>) => {
      pushState.apply(window.history, args);
      setHref(window.location.href);
    };
    window.history.replaceState = (...args: Parameters<History["replaceState"]>) => {
      replaceState.apply(window.history, args);
      setHref(window.location.href);
    };
    return () => {
      window.history.pushState = pushState;
      window.history.replaceState = replaceState;
    };
  }, []);
  const url = new URL(href);
  return (
    <PathnameContext.Provider value={url.pathname}>
      <SearchParamsContext.Provider value={url.searchParams}>{children}</SearchParamsContext.Provider>
    </PathnameContext.Provider>
  );
}
