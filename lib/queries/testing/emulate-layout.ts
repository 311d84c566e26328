// jsdom lays nothing out, so every element measures 0 and a virtualized table renders no rows:
// give elements the size of a 1440-wide window with a 600 px scroll area, as far as the
// virtualizer asks. Returns the function that puts jsdom back.
export function emulateLayout(): () => void {
  const proto = HTMLElement.prototype;
  const saved = ["clientWidth", "clientHeight"].map((k) => [k, Object.getOwnPropertyDescriptor(proto, k)] as const);
  Object.defineProperty(proto, "clientWidth", { configurable: true, get: () => 1440 });
  Object.defineProperty(proto, "clientHeight", { configurable: true, get: () => 600 });
  return () => {
    for (const [k, d] of saved) if (d) Object.defineProperty(proto, k, d);
  };
}
