// A record decoded by a registry's schema: the schema named beside the value, its text on demand;
// a Confluent-framed record names the schema id its framing carries.
import { fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { DecodedPayload } from "@/lib/records/types";
import { DecodedView } from "./decoded-view";

const avro: DecodedPayload = {
  chain: ["base64", "gsr", "avro"],
  format: "avro",
  value: { sensorId: "sensor-0042", temperature: 21.5 },
  schema: {
    source: "glue",
    registry: "telemetry",
    name: "sensor-reading",
    version: 3,
    versionId: "b7b4a7f0-0f0e-4c55-9c3a-6f4f3d1c2a01",
    definition: '{"type":"record","name":"SensorReading"}',
  },
};

describe("DecodedView with a schema", () => {
  it("names the registry, schema and version beside the decoded fields, and shows the schema's text", () => {
    render(<DecodedView decoded={avro} />);
    const facts = screen.getByTestId("decoded-schema");
    expect(facts.textContent).toContain("Glue Schema Registry · Avro");
    expect(within(facts).getByTestId("schema-registry").textContent).toContain("telemetry");
    expect(within(facts).getByTestId("schema-name").textContent).toContain("sensor-reading");
    expect(within(facts).getByTestId("schema-version").textContent).toContain("3");
    expect(facts.textContent).toContain("b7b4a7f0-0f0e-4c55-9c3a-6f4f3d1c2a01");
    expect(screen.getByTestId("json-tree").textContent).toContain('"sensor-0042"');
    fireEvent.click(screen.getByText("Schema text"));
    expect(screen.getByTestId("schema-definition").textContent).toContain('{"type":"record","name":"SensorReading"}');
  });

  it("says a Confluent-framed record's schema id and shows its bytes", () => {
    render(
      <DecodedView
        decoded={{
          chain: ["base64", "confluent", "hex"],
          format: "binary",
          text: "00000000  02 06                                            |..|",
          schema: { source: "confluent", name: "schema id 42", versionId: "42" },
          warning: "Confluent Schema Registry framing (schema id 42): no Confluent registry is configured, so the payload is shown as it is",
        }}
      />,
    );
    expect(screen.getByTestId("decoded-schema").textContent).toContain("Confluent Schema Registry framing");
    expect(screen.getByTestId("schema-name").textContent).toContain("schema id 42");
    expect(screen.queryByText("Version id")).toBeNull();
    expect(screen.getByTestId("payload-hex").textContent).toContain("02 06");
  });
});
