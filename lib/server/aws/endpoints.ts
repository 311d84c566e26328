import "server-only";
// Whether an endpoint override points at something other than AWS (an emulator such as
// kinesis-local or LocalStack): shown as "local", and served HTTP/1.1 event streams.

export function isLocalEndpoint(endpoint: string | undefined): boolean {
  if (!endpoint) return false;
  try {
    const host = new URL(endpoint).hostname;
    return !host.endsWith(".amazonaws.com") && !host.endsWith(".amazonaws.com.cn") && !host.endsWith(".api.aws");
  } catch {
    return false;
  }
}
