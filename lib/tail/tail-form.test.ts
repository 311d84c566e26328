import { describe, expect, it } from "vitest";
import { tailQuerySchema } from "./tail-query";
import { TAIL_PARAMS, tailFormFromParams, tailFormToParams, tailUrl, type TailForm } from "./tail-form";

const defaults: TailForm = {
  from: "LATEST",
  at: "",
  shards: [],
  key: "",
  keyMode: "exact",
  text: "",
  regex: false,
  expr: "",
  decoder: "auto",
  efo: false,
  consumer: "",
};

const toSearch = (patch: Record<string, string | undefined>) =>
  new URLSearchParams(Object.entries(patch).filter((e): e is [string, string] => e[1] !== undefined));

describe("the tail form and its URL", () => {
  it("an empty URL is the default form, and the default form writes nothing", () => {
    expect(tailFormFromParams(new URLSearchParams())).toEqual(defaults);
    expect(toSearch(tailFormToParams(defaults)).toString()).toBe("");
  });

  it("reads what the route reads: shards split, booleans as the route takes them, `at` as typed", () => {
    const params = new URLSearchParams(
      "from=AT_TIMESTAMP&at=2026-01-02T03:04:05Z&shards=shardId-000000000001, shardId-000000000002&regex=true&efo=1&keyMode=prefix&key=k&decoder=json",
    );
    const form = tailFormFromParams(params);
    expect(form).toEqual({
      ...defaults,
      from: "AT_TIMESTAMP",
      at: "2026-01-02T03:04:05Z",
      shards: ["shardId-000000000001", "shardId-000000000002"],
      regex: true,
      efo: true,
      keyMode: "prefix",
      key: "k",
      decoder: "json",
    });
    // The route agrees on every field it shares with the form.
    const route = tailQuerySchema.parse(Object.fromEntries(params));
    expect({ shards: route.shards, regex: route.regex, efo: route.efo, keyMode: route.keyMode, decoder: route.decoder }).toEqual({
      shards: form.shards,
      regex: form.regex,
      efo: form.efo,
      keyMode: form.keyMode,
      decoder: form.decoder,
    });
  });

  it("a choice the schema refuses reads as its default; refused free text stays as typed", () => {
    const form = tailFormFromParams(new URLSearchParams("from=NOWHERE&decoder=rot13&keyMode=fuzzy&consumer=not a name!"));
    expect(form).toMatchObject({ from: "LATEST", decoder: "auto", keyMode: "exact", consumer: "not a name!", efo: true });
  });

  it("round trips every field through the URL", () => {
    const forms: TailForm[] = [
      {
        ...defaults,
        from: "AT_SEQUENCE_NUMBER",
        at: "4968",
        shards: ["shardId-000000000003"],
        key: "user-",
        keyMode: "prefix",
        text: "a.b",
        regex: true,
        expr: "n > 1",
        decoder: "kpl",
      },
      { ...defaults, from: "TRIM_HORIZON", shards: ["shardId-000000000000", "shardId-000000000001"], efo: true, consumer: "my-app" },
      { ...defaults, efo: true },
    ];
    for (const form of forms) expect(tailFormFromParams(toSearch(tailFormToParams(form)))).toEqual(form);
  });

  it("leaves out what does not apply: `at` without a position that needs it, flags of empty filters", () => {
    const patch = tailFormToParams({ ...defaults, at: "123", keyMode: "prefix", regex: true, expr: "  ", consumer: " c " });
    expect(toSearch(patch).toString()).toBe("");
    expect(tailFormToParams({ ...defaults, efo: true, consumer: " c " })).toMatchObject({ efo: undefined, consumer: "c" });
  });

  it("the route URL carries the page's tail parameters as they are, and nothing else", () => {
    expect(TAIL_PARAMS).toEqual(["from", "at", "shards", "key", "keyMode", "q", "regex", "expr", "decoder", "efo", "consumer"]);
    const page = new URLSearchParams("from=AT_TIMESTAMP&at=-5m&q=x&order=oldest&live=1&mode=stats&lastEventId=abc&tab=tail");
    expect(tailUrl("/api/t/prod/eu-west-1", "my stream", page)).toBe("/api/t/prod/eu-west-1/streams/my%20stream/tail?from=AT_TIMESTAMP&at=-5m&q=x");
    expect(tailUrl("/api/t/local/us-east-1", "s", new URLSearchParams())).toBe("/api/t/local/us-east-1/streams/s/tail");
  });
});
