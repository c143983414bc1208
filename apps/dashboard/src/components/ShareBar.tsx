/** A horizontal bar of `value` on the scale 0…`max`, for breakdown tables. */
export function ShareBar({ value, max, colour = '#3e4989' }: { value: number | null; max: number; colour?: string }) {
  const width = value == null || Number.isNaN(value) || !(max > 0) ? 0 : Math.max(0, Math.min(100, (value / max) * 100));
  return (
    <svg className="sharebar" viewBox="0 0 100 10" preserveAspectRatio="none" width="100%" height="12" aria-hidden="true">
      <rect x="0" y="0" width="100" height="10" fill="#eeeef3" />
      <rect x="0" y="0" width={width} height="10" fill={colour} />
    </svg>
  );
}
