// The Schemas panel against a small stand-in for Shardscope's schema routes on 127.0.0.1: the list,
// an upload with what the browser read from the file, a refusal shown with the server's words,
// and a removal only after the question is answered.
import { QueryClientProvider } from "@tanstack/react-query";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeQueryClient } from "@/lib/queries/query-client";
import { installFetchBase, readJson, startSseServer, type SseTestServer } from "@/lib/queries/testing/sse-server";
import { InScope, TEST_API } from "@/lib/queries/testing/in-scope";
import type { StoredSchema } from "@/lib/schemas/types";
import { StreamSchemasPanel } from "./stream-schemas-panel";

let server: SseTestServer;
let restoreFetch: () => void;
let stored: StoredSchema[] = [];
let uploads: unknown[] = [];
let deletes: string[] = [];
const BASE = `${TEST_API}/streams/orders/schemas`;

const send = (res: import("node:http").ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

beforeAll(async () => {
  server = await startSseServer();
  restoreFetch = installFetchBase(server.url(""));
  server.handle((req, res) => {
    if (req.url === BASE && req.method === "GET") return send(res, 200, { schemas: stored });
    if (req.url === BASE && req.method === "POST") {
      void readJson(req).then((body) => {
        uploads.push(body);
        const b = body as { fileName: string; text?: string };
        if (b.text?.includes("nope"))
          return send(res, 400, { error: { code: "invalid_input", message: "The .avsc file is not a valid Avro schema: undefined type name: nope." } });
        const s: StoredSchema = {
          id: `id-${uploads.length}`,
          name: b.fileName,
          kind: "avro",
          format: "avsc",
          bytes: b.text?.length ?? 0,
          uploadedAt: "2026-12-02T08:00:00.000Z",
          inUse: true,
        };
        stored = [s, ...stored.map((x) => ({ ...x, inUse: false }))];
        send(res, 200, s);
      });
      return;
    }
    if (req.url?.startsWith(`${BASE}/`) && req.method === "DELETE") {
      const id = decodeURIComponent(req.url.slice(BASE.length + 1));
      deletes.push(id);
      stored = stored.filter((s) => s.id !== id).map((s, i) => ({ ...s, inUse: i === 0 }));
      return send(res, 200, { schemas: stored });
    }
    res.writeHead(404).end();
  });
});
afterAll(async () => {
  restoreFetch();
  await server.close();
});
afterEach(() => {
  stored = [];
  uploads = [];
  deletes = [];
});

function renderPanel(readOnly = false) {
  const client = makeQueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>
      <InScope>{children}</InScope>
    </QueryClientProvider>
  );
  return render(<StreamSchemasPanel stream="orders" readOnly={readOnly} />, { wrapper });
}

const pick = (name: string, text: string) =>
  fireEvent.change(screen.getByLabelText("Schema file"), { target: { files: [new File([text], name, { type: "application/json" })] } });

describe("StreamSchemasPanel", () => {
  it("uploads the chosen file's text, lists it in use, and removes it only once confirmed", async () => {
    renderPanel();
    await screen.findByTestId("no-schemas");
    const avsc = '{"type":"record","name":"A","fields":[]}';
    pick("a.avsc", avsc);
    // Reading the file is asynchronous: submit once it was read.
    expect((await screen.findByTestId("picked-schema")).textContent).toBe(`Avro (.avsc), ${avsc.length} B`);
    fireEvent.click(screen.getByTestId("attach-schema"));
    await waitFor(() => expect(uploads).toHaveLength(1));
    expect(uploads[0]).toEqual({ fileName: "a.avsc", format: "avsc", text: avsc });
    const row = await screen.findByTestId("stream-schema");
    expect(row.textContent).toContain("in use");

    fireEvent.click(within(row).getByRole("button", { name: "Remove a.avsc" }));
    const dialog = await screen.findByTestId("confirm-dialog");
    expect(deletes).toEqual([]);
    fireEvent.click(within(dialog).getByRole("button", { name: "Remove" }));
    await screen.findByTestId("no-schemas");
    expect(deletes).toEqual(["id-1"]);
  });

  it("shows the server's reason when a schema is refused, and refuses a file of no known kind without sending it", async () => {
    renderPanel();
    await screen.findByTestId("no-schemas");
    pick("notes.txt", "hello");
    expect((await screen.findByTestId("schema-file-problem")).textContent).toContain("notes.txt is not an .avsc, a .proto or a descriptor set");
    fireEvent.click(screen.getByTestId("attach-schema"));
    expect(uploads).toHaveLength(0);

    pick("bad.avsc", '{"type":"nope"}');
    await screen.findByTestId("picked-schema");
    fireEvent.click(screen.getByTestId("attach-schema"));
    await waitFor(() => expect(uploads).toHaveLength(1));
    expect((await screen.findByTestId("error-panel")).textContent).toContain("not a valid Avro schema");
    expect(screen.getByTestId("no-schemas")).toBeTruthy();
  });

  it("read-only: lists, offers neither upload nor removal", async () => {
    stored = [
      { id: "x", name: "s.proto", kind: "protobuf", format: "proto", messageType: "a.B", bytes: 10, uploadedAt: "2026-12-02T08:00:00.000Z", inUse: true },
    ];
    renderPanel(true);
    const row = await screen.findByTestId("stream-schema");
    expect(row.textContent).toContain("a.B");
    expect(screen.queryByRole("button", { name: /Remove/ })).toBeNull();
    expect(screen.queryByLabelText("Schema file")).toBeNull();
    expect(screen.getByText(/read-only/)).toBeTruthy();
  });
});
