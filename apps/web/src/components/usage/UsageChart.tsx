import { Group, Text } from '@mantine/core';
import { formatQuantity } from './quantity.ts';

export interface ChartPoint {
  /** YYYY-MM-DD */
  day: string;
  /** Exact decimal string */
  value: string;
}

const WIDTH = 600;
const HEIGHT = 140;
/** A bar never wider than this, so a range of a few days does not draw slabs. */
const MAX_BAR = 36;

/**
 * A bar per day as an inline SVG that scales to its container (so a phone gets the whole range).
 * Bar heights are a drawing, so Number() is fine for them; every figure shown as text is the exact
 * string. The SVG is one image with a name that says the range and its highest day; the exact
 * figures are in the table the caller puts beside it. Labels are HTML, so they keep their size.
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
  const bar = Math.max(1, Math.min(slot * 0.7, MAX_BAR));
  const peak = points.reduce((a, b) => (Number(b.value) > Number(a.value) ? b : a));
  const first = points[0]!.day;
  const last = points.at(-1)!.day;
  const highest = `highest ${formatQuantity(peak.value)}${unit ? ` ${unit}` : ''} on ${peak.day}`;
  const name = `${label}: ${points.length} days from ${first} to ${last}; ${highest}`;
  return (
    <div>
      <Text size="xs" c="dimmed" aria-hidden>
        {highest[0]!.toUpperCase() + highest.slice(1)}
      </Text>
      <svg
        role="img"
        aria-label={name}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        style={{ width: '100%', height: HEIGHT, display: 'block' }}
      >
        <line x1={0} x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} stroke="var(--mantine-color-dimmed)" />
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
      </svg>
      <Group justify="space-between" aria-hidden>
        <Text size="xs">{first}</Text>
        <Text size="xs">{last}</Text>
      </Group>
    </div>
  );
}
