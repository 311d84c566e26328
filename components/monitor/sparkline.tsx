// A throughput sparkline for the on-call tiles: plain SVG (fifty tiles stay cheap), with gaps
// left as gaps and a lone point drawn as a dot.
export function Sparkline({ values, width = 300, height = 56, label }: { values: (number | null)[]; width?: number; height?: number; label: string }) {
  const max = Math.max(0, ...values.filter((v): v is number => v !== null));
  const n = values.length;
  const x = (i: number) => (n <= 1 ? width / 2 : (i / (n - 1)) * width);
  const y = (v: number) => (max === 0 ? height - 2 : height - 2 - (v / max) * (height - 6));
  const segments: string[] = [];
  const dots: { cx: number; cy: number }[] = [];
  let current = "";
  values.forEach((v, i) => {
    if (v === null) {
      if (current) segments.push(current);
      current = "";
      return;
    }
    const lone = (values[i - 1] ?? null) === null && (values[i + 1] ?? null) === null;
    if (lone) dots.push({ cx: x(i), cy: y(v) });
    current += `${current ? "L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
  });
  if (current) segments.push(current);
  return (
    <svg
      className="sparkline"
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
      data-testid="sparkline"
      data-points={values.filter((v) => v !== null).length}
    >
      {segments.map((d, i) => (
        <path key={i} d={d} vectorEffect="non-scaling-stroke" />
      ))}
      {dots.map((d, i) => (
        <circle key={`d${i}`} cx={d.cx} cy={d.cy} r={2.5} />
      ))}
    </svg>
  );
}
