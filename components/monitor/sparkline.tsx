// A throughput sparkline for the on-call tiles: plain SVG (fifty tiles stay cheap), with gaps
// left as gaps and a lone point drawn as a dot. Points from `partialFrom` on are periods still
// filling: drawn dashed and dimmed, from the last complete point, so a drop there does not read
// as a real one.
export function Sparkline({
  values,
  partialFrom = values.length,
  width = 300,
  height = 56,
  label,
}: {
  values: (number | null)[];
  /** Index of the first partial point (values.length: none). */
  partialFrom?: number;
  width?: number;
  height?: number;
  label: string;
}) {
  const max = Math.max(0, ...values.filter((v): v is number => v !== null));
  const n = values.length;
  const x = (i: number) => (n <= 1 ? width / 2 : (i / (n - 1)) * width);
  const y = (v: number) => (max === 0 ? height - 2 : height - 2 - (v / max) * (height - 6));
  const draw = (from: number, to: number) => {
    const segments: string[] = [];
    const dots: { cx: number; cy: number }[] = [];
    let current = "";
    for (let i = from; i < to; i++) {
      const v = values[i] ?? null;
      if (v === null) {
        if (current) segments.push(current);
        current = "";
        continue;
      }
      const lone = (i === from || (values[i - 1] ?? null) === null) && (i === to - 1 || (values[i + 1] ?? null) === null);
      if (lone) dots.push({ cx: x(i), cy: y(v) });
      current += `${current ? "L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
    }
    if (current) segments.push(current);
    return { segments, dots };
  };
  const cut = Math.max(0, Math.min(partialFrom, n));
  const complete = draw(0, cut);
  // The partial part starts at the last complete point, so the line continues, dashed.
  const partial = draw(Math.max(0, cut - 1), n);
  const partialPoints = values.slice(cut).filter((v) => v !== null).length;
  return (
    <svg
      className="sparkline"
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={partialPoints > 0 ? `${label}; the last ${n - cut === 1 ? "period is" : `${n - cut} periods are`} partial, drawn dashed` : label}
      data-testid="sparkline"
      data-points={values.filter((v) => v !== null).length}
      data-partial-points={partialPoints}
    >
      {complete.segments.map((d, i) => (
        <path key={i} d={d} vectorEffect="non-scaling-stroke" />
      ))}
      {complete.dots.map((d, i) => (
        <circle key={`d${i}`} cx={d.cx} cy={d.cy} r={2.5} />
      ))}
      {partialPoints > 0
        ? partial.segments.map((d, i) => <path key={`p${i}`} className="partial" d={d} vectorEffect="non-scaling-stroke" data-testid="sparkline-partial" />)
        : null}
      {partialPoints > 0
        ? partial.dots.filter((d) => d.cx >= x(cut)).map((d, i) => <circle key={`pd${i}`} className="partial" cx={d.cx} cy={d.cy} r={2.5} />)
        : null}
    </svg>
  );
}
