import { describe, expect, it, vi } from "vitest";
import { AppError } from "./errors";

describe("AppError", () => {
  it("is recognised across copies of its module (Next bundles one per route and page)", async () => {
    vi.resetModules();
    const other = await import("./errors");
    expect(other.AppError).not.toBe(AppError);
    const fromOtherBundle = new other.AppError("no_credentials", "Run `aws sso login --profile x`, then reload.");
    expect(fromOtherBundle instanceof AppError).toBe(true);
    expect(new AppError("not_found", "x") instanceof other.AppError).toBe(true);
    expect((fromOtherBundle as AppError).status).toBe(401);
  });

  it("is not anything else: plain errors and look-alikes without the mark", () => {
    expect(new Error("x") instanceof AppError).toBe(false);
    expect({ name: "AppError", code: "internal", message: "x" } instanceof AppError).toBe(false);
    expect((null as unknown as object) instanceof AppError).toBe(false);
  });
});
