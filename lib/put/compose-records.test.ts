import { describe, expect, it } from "vitest";
import { composeCopies } from "./compose-records";

const deps = () => {
  let n = 0;
  return { now: () => new Date(0), uuid: () => `uuid-${++n}` };
};

describe("composeCopies", () => {
  it("expands placeholders in key and data for each copy", () => {
    const records = composeCopies(
      { key: { kind: "fixed", template: "k-{{seq}}" }, explicitHashKey: "", data: '{"n":{{seq}},"id":"{{uuid}}"}', encoding: "json" },
      3,
      deps(),
    );
    expect(records).toEqual([
      { partitionKey: "k-1", data: '{"n":1,"id":"uuid-1"}', encoding: "json" },
      { partitionKey: "k-2", data: '{"n":2,"id":"uuid-2"}', encoding: "json" },
      { partitionKey: "k-3", data: '{"n":3,"id":"uuid-3"}', encoding: "json" },
    ]);
  });

  it("gives each record a random key in random mode, and keeps the explicit hash key", () => {
    const records = composeCopies({ key: { kind: "random" }, explicitHashKey: " 5 ", data: "x", encoding: "text" }, 2, deps());
    expect(records).toEqual([
      { partitionKey: "uuid-1", explicitHashKey: "5", data: "x", encoding: "text" },
      { partitionKey: "uuid-2", explicitHashKey: "5", data: "x", encoding: "text" },
    ]);
  });
});
