// What the put pages show when this person cannot write: no form, and why.
export function WritesDisabled({ reason = "read_only", role }: { reason?: "read_only" | "role"; role?: string }) {
  if (reason === "role") {
    return (
      <div className="panel empty" data-testid="writes-disabled" data-reason="role">
        <strong>Writes are not allowed for your role.</strong> You are signed in as a {role ?? "user without a role"}; putting records needs the writer or admin
        role.
      </div>
    );
  }
  return (
    <div className="panel empty" data-testid="writes-disabled" data-reason="read_only">
      <strong>Writes are disabled.</strong> This Shardscope server runs read-only (<code>SHARDSCOPE_READ_ONLY</code> is set), so it cannot put records into any
      stream.
    </div>
  );
}
