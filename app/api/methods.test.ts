// Every API route answers every method Next routes to handlers: the ones it serves, OPTIONS with
// an Allow header, and for the rest a JSON 405 naming what it does serve (Next's own answer to an
// unexported method is an empty 405 without Allow). Unknown /api paths are a JSON 404.
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { streamCtx } from "@/scripts/testing/scope";

const METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH"] as const;
const API = join(__dirname);

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return routeFiles(p);
    return f === "route.ts" ? [p] : [];
  });
}

type Handler = (req: Request, ctx: unknown) => Promise<Response>;
const routes = routeFiles(API).filter((f) => !f.includes("[...path]"));

describe("API routes and HTTP methods", () => {
  it("finds the route files", () => {
    expect(routes.length).toBeGreaterThanOrEqual(11);
  });

  for (const file of routes) {
    const path = `/api/${relative(API, file)
      .replace(/\/?route\.ts$/, "")
      .replace("[name]", "orders")}`;
    it(`${path} answers every method: its own, OPTIONS with Allow, a JSON 405 otherwise`, async () => {
      const mod = (await import(file)) as Partial<Record<(typeof METHODS)[number], Handler>>;
      const served = METHODS.filter((m) => m !== "OPTIONS" && mod[m] && !String(mod[m]).includes("method_not_allowed"));
      const refused: string[] = [];
      for (const m of METHODS) {
        if (m === "HEAD" && served.includes("GET")) continue; // Next answers HEAD with GET
        expect(mod[m], `${path} exports ${m}`).toBeTypeOf("function");
      }
      const options = await mod.OPTIONS!(new Request(`http://127.0.0.1:3000${path}`, { method: "OPTIONS" }), {});
      expect(options.status).toBe(204);
      const allow = options.headers.get("allow")!;
      expect(allow.split(", ")).toContain("OPTIONS");
      for (const m of ["POST", "PUT", "PATCH", "DELETE", "HEAD"] as const) {
        if (!mod[m] || allow.split(", ").includes(m)) continue;
        const res = await mod[m]!(new Request(`http://127.0.0.1:3000${path}`, { method: m }), streamCtx("orders"));
        expect(res.status, `${m} ${path}`).toBe(405);
        expect(res.headers.get("allow")).toBe(allow);
        expect(await res.json()).toEqual({ error: { code: "method_not_allowed", message: `${m} is not allowed on ${path}; it answers ${allow}.` } });
        refused.push(m);
      }
      expect(refused.length).toBeGreaterThan(0);
    });
  }

  it("answers an unknown /api path with a JSON 404, in every method", async () => {
    const mod = (await import("./[...path]/route")) as unknown as Record<string, Handler>;
    for (const m of METHODS) {
      const res = await mod[m]!(new Request("http://127.0.0.1:3000/api/streamz/orders", { method: m }), {});
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await res.json()).toEqual({
        error: { code: "not_found", message: 'There is no API route /api/streamz/orders; the README\'s "HTTP API" section lists them.' },
      });
    }
  });
});
