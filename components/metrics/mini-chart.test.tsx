import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { MiniChart } from "./mini-chart";

const T = [0, 60_000, 120_000, 180_000];

describe("MiniChart", () => {
  it("has a scale from 0 to its highest value (or its limit) and a legend naming each line and the limit", () => {
    render(
      <MiniChart
        id="s"
        timestamps={T}
        limit={100}
        format={(v) => `${Math.round(v)}%`}
        series={[
          { key: "in", label: "bytes in (% of 1 MiB/s)", values: [10, 130, null, 40] },
          { key: "rec", label: "records in (% of 1,000/s)", values: [5, 20, 30, null] },
        ]}
      />,
    );
    expect([...screen.getByTestId("mini-scale").querySelectorAll("span")].map((s) => s.textContent)).toEqual(["130%", "0%"]);
    expect(screen.getByTestId("mini-legend").textContent).toBe("bytes in (% of 1 MiB/s)records in (% of 1,000/s)limit (100%)");
  });

  it("keeps the limit on the scale when every value is below it", () => {
    render(
      <MiniChart id="s" timestamps={T} limit={100} format={(v) => `${Math.round(v)}%`} series={[{ key: "in", label: "bytes in", values: [1, 2, 3, 4] }]} />,
    );
    expect(screen.getByTestId("mini-scale").querySelector("span")!.textContent).toBe("100%");
  });
});
