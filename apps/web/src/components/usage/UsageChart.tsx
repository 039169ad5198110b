import { Text } from '@mantine/core';
import { formatQuantity } from './quantity.ts';

export interface ChartPoint {
  /** YYYY-MM-DD */
  day: string;
  /** Exact decimal string */
  value: string;
}

const WIDTH = 600;
const HEIGHT = 160;
const AXIS = 18;

/**
 * A bar per day as an inline SVG that scales to its container (so a phone gets the whole range).
 * Bar heights are a drawing, so Number() is fine for them; every figure shown as text is the
 * exact string. The SVG is one image with a name; the exact figures are in the caller's table.
 */
export function UsageChart({
  points,
  label,
  unit,
}: {
  points: ChartPoint[];
  label: string;
  unit?: string | null;
}) {
  if (points.length === 0) return <Text size="sm">No usage in this range.</Text>;
  const max = Math.max(...points.map((p) => Number(p.value)), 0);
  const slot = WIDTH / points.length;
  const bar = Math.max(1, slot * 0.7);
  const peak = points.reduce((a, b) => (Number(b.value) > Number(a.value) ? b : a));
  const name = `${label}: ${points.length} days from ${points[0]!.day} to ${points.at(-1)!.day}; highest ${formatQuantity(peak.value)}${unit ? ` ${unit}` : ''} on ${peak.day}`;
  return (
    <svg
      role="img"
      aria-label={name}
      viewBox={`0 0 ${WIDTH} ${HEIGHT + AXIS}`}
      style={{ width: '100%', height: 'auto', display: 'block' }}
    >
      <line x1={0} x2={WIDTH} y1={HEIGHT} y2={HEIGHT} stroke="var(--mantine-color-dimmed)" strokeWidth={1} />
      {points.map((p, i) => {
        const h = max > 0 ? (Number(p.value) / max) * (HEIGHT - 4) : 0;
        return (
          <rect
            key={p.day}
            x={i * slot + (slot - bar) / 2}
            y={HEIGHT - h}
            width={bar}
            height={h}
            fill="var(--mantine-primary-color-filled)"
          >
            <title>{`${p.day}: ${formatQuantity(p.value)}`}</title>
          </rect>
        );
      })}
      <text x={0} y={HEIGHT + AXIS - 4} fontSize={12} fill="var(--mantine-color-text)">
        {points[0]!.day}
      </text>
      <text x={WIDTH} y={HEIGHT + AXIS - 4} fontSize={12} textAnchor="end" fill="var(--mantine-color-text)">
        {points.at(-1)!.day}
      </text>
    </svg>
  );
}
