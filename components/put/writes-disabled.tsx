// What the put pages show on a read-only server: no form, and why.
export function WritesDisabled() {
  return (
    <div className="panel empty" data-testid="writes-disabled">
      <strong>Writes are disabled.</strong> This Shardscope server runs read-only (<code>SHARDSCOPE_READ_ONLY</code> is set), so it cannot put records into any
      stream.
    </div>
  );
}
