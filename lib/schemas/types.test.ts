import { describe, expect, it } from "vitest";
import { formatFromFileName, putSchemaChoiceSchema, sanitizeFileName } from "./types";

describe("sanitizeFileName", () => {
  it("keeps the base name's letters, digits, '.', '_' and '-', never a path or a leading dot", () => {
    expect(sanitizeFileName("../../etc/passwd.avsc")).toBe("passwd.avsc");
    expect(sanitizeFileName("C:\\schemas\\órders v2.proto")).toBe("orders_v2.proto");
    expect(sanitizeFileName(".hidden.proto")).toBe("hidden.proto");
    expect(sanitizeFileName("..")).toBe("schema");
    expect(sanitizeFileName("a/")).toBe("schema");
    expect(sanitizeFileName("x".repeat(500))).toHaveLength(120);
  });
});

describe("formatFromFileName", () => {
  it("tells the format from the extension", () => {
    expect(formatFromFileName("a.AVSC")).toBe("avsc");
    expect(formatFromFileName("a.proto")).toBe("proto");
    expect(formatFromFileName("a.desc")).toBe("descriptor-set");
    expect(formatFromFileName("a.protoset")).toBe("descriptor-set");
    expect(formatFromFileName("a.txt")).toBeUndefined();
  });
});

describe("putSchemaChoiceSchema", () => {
  it("takes Glue's names and a positive version, compression none by default", () => {
    expect(putSchemaChoiceSchema.parse({ registry: "r", name: "s-1.x", version: 2 })).toEqual({
      registry: "r",
      name: "s-1.x",
      version: 2,
      compression: "none",
    });
    for (const bad of [
      { registry: "a/b", name: "s", version: 1 },
      { registry: "r", name: "s", version: 0 },
      { registry: "r", name: "s", version: 1, compression: "gzip" },
    ]) {
      expect(putSchemaChoiceSchema.safeParse(bad).success).toBe(false);
    }
  });
});
