// Plays an AWS Application Load Balancer for the ALB sign-in tests: an ES256 key pair whose public
// key is served as PEM at `${keysUrl}/${kid}` on a loopback port (as public-keys.auth.elb.REGION.
// amazonaws.com serves it), and `x-amzn-oidc-data` tokens in the ALB's own wire format: the
// header carries kid, signer, client, iss and exp; every segment is base64url WITH padding, as
// AWS documents, and the signature (raw R||S) covers the padded segments.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from "node:crypto";

export interface FakeAlb {
  arn: string;
  keysUrl: string;
  kid: string;
  /** Requests the key endpoint has answered. */
  keyRequests(): number;
  token(claims: Record<string, unknown>, opts?: TokenOptions): string;
  stop(): Promise<void>;
}

export interface TokenOptions {
  /** Seconds from now; negative: already expired. */
  expiresIn?: number;
  signer?: string;
  kid?: string;
  alg?: string;
  /** Sign with this key instead of the ALB's (a forgery under the ALB's key id). */
  key?: KeyObject;
}

export const FAKE_ALB_ARN = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shardscope-test/50dc6c495c0c9188";

/** base64url with `=` padding kept, as the ALB sends it. */
const padded = (b: Buffer) => b.toString("base64").replace(/\+/g, "-").replace(/\//g, "_");

export function albToken(claims: Record<string, unknown>, key: KeyObject, header: Record<string, unknown>): string {
  const h = padded(Buffer.from(JSON.stringify(header)));
  const p = padded(Buffer.from(JSON.stringify(claims)));
  const signature = sign("sha256", Buffer.from(`${h}.${p}`), { key, dsaEncoding: "ieee-p1363" });
  return `${h}.${p}.${padded(signature)}`;
}

export async function startFakeAlb(arn = FAKE_ALB_ARN): Promise<FakeAlb> {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const kid = randomUUID();
  const pem = publicKey.export({ type: "spki", format: "pem" }).toString();
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests++;
    if (req.url === `/${kid}`) {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end(pem);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const keysUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    arn,
    keysUrl,
    kid,
    keyRequests: () => requests,
    token: (claims, opts = {}) =>
      albToken(claims, opts.key ?? privateKey, {
        typ: "JWT",
        kid: opts.kid ?? kid,
        alg: opts.alg ?? "ES256",
        iss: "https://idp.example.test",
        client: "shardscope-client",
        signer: opts.signer ?? arn,
        exp: Math.floor(Date.now() / 1000) + (opts.expiresIn ?? 120),
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
