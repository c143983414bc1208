import type { RankInterval } from '../lib/api';
import { useI18n } from '../lib/i18n';

/** A 5–95 % rank interval as a bar on the scale 1…units, with the median and the nominal rank marked. */
export function RankBar({ interval, rank, units }: { interval: RankInterval | null; rank: number | null; units: number }) {
  const { t, num } = useI18n();
  if (!interval) return <span className="muted">–</span>;
  const x = (r: number) => ((r - 1) / Math.max(1, units - 1)) * 100;
  const label = `${num(interval.low, 0)}–${num(interval.high, 0)}, ${t('median_rank', { median: num(interval.median, 0) })}`;
  return (
    <span className="rankbar" title={label} aria-label={label} role="img">
      <svg viewBox="0 0 100 10" preserveAspectRatio="none" width="120" height="12">
        <rect x="0" y="4" width="100" height="2" fill="#e0e0e0" />
        <rect x={x(interval.low)} y="1" width={Math.max(1, x(interval.high) - x(interval.low))} height="8" fill="#3e4989" />
        <rect x={x(interval.median) - 0.6} y="0" width="1.2" height="10" fill="#fde725" />
        {rank != null && <rect x={x(rank) - 0.6} y="0" width="1.2" height="10" fill="#000" />}
      </svg>
    </span>
  );
}
