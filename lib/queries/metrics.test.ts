import { describe, expect, it } from "vitest";
import { metricsKeys, monitorParamsFrom } from "./metrics";

describe("monitorParamsFrom", () => {
  it("takes the wall's query from a URL, first value of each, leaving out empty ones and other parameters", () => {
    const url = new URLSearchParams("streams=a,b&range=3h&ageWarn=&refresh=60&kiosk=1&throttleCrit=5&range=1h");
    expect(monitorParamsFrom(url)).toEqual({ streams: "a,b", range: "3h", throttleCrit: "5" });
  });

  it("gives the server page and the board one key for one URL, in whatever order the parameters come", () => {
    const scope = { target: "local", region: "us-east-1" };
    const a = metricsKeys.monitor(scope, monitorParamsFrom(new URLSearchParams("range=3h&streams=a")));
    const b = metricsKeys.monitor(scope, monitorParamsFrom(new URLSearchParams("kiosk=1&streams=a&range=3h")));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});
