import { describe, expect, it } from "vitest";
import { destinationOf } from "./firehose-source";

describe("destinationOf", () => {
  it("names each kind of destination, and S3 only when it is not another destination's backup", () => {
    expect(destinationOf({ DestinationId: "d", ExtendedS3DestinationDescription: { BucketARN: "arn:aws:s3:::raw-events" } as never })).toBe(
      "S3 bucket raw-events",
    );
    expect(
      destinationOf({
        DestinationId: "d",
        HttpEndpointDestinationDescription: { EndpointConfiguration: { Name: "Datadog", Url: "https://http-intake.logs.datadoghq.com" } },
        S3DestinationDescription: { BucketARN: "arn:aws:s3:::backup" } as never,
      }),
    ).toBe("HTTP endpoint Datadog");
    expect(destinationOf({ DestinationId: "d", RedshiftDestinationDescription: { ClusterJDBCURL: "jdbc:redshift://c:5439/db" } as never })).toBe(
      "Redshift jdbc:redshift://c:5439/db",
    );
    expect(
      destinationOf({ DestinationId: "d", AmazonopensearchserviceDestinationDescription: { DomainARN: "arn:aws:es:us-east-1:123456789012:domain/logs" } }),
    ).toBe("OpenSearch logs");
    expect(destinationOf({ DestinationId: "d", SplunkDestinationDescription: { HECEndpoint: "https://splunk:8088" } })).toBe("Splunk https://splunk:8088");
    expect(destinationOf({ DestinationId: "d", SnowflakeDestinationDescription: { Database: "db", Schema: "s", Table: "t" } })).toBe("Snowflake db.s.t");
    expect(destinationOf(undefined)).toBe("unknown");
  });
});
