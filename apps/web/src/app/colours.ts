import type { MantineColorsTuple } from '@mantine/core';

type Rgb = [number, number, number];

const toRgb = (hex: string): Rgb => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as Rgb;
const toHex = (rgb: Rgb) => `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
const mix = (a: Rgb, b: Rgb, t: number): Rgb => [0, 1, 2].map((i) => a[i]! + (b[i]! - a[i]!) * t) as Rgb;

function luminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Contrast ratio of a colour against white (WCAG). */
export function contrastWithWhite(hex: string): number {
  return 1.05 / (luminance(toRgb(hex)) + 0.05);
}

const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [0, 0, 0];
// How far towards white shades 0–7 sit, shaped like Mantine's own scales.
const TINTS = [0.92, 0.84, 0.68, 0.5, 0.36, 0.26, 0.16, 0.07];

/**
 * A ten-shade Mantine scale from one brand colour. The theme's light-scheme primary is shade 8,
 * used for filled buttons with white text and for links, so shade 8 is the brand colour darkened
 * just enough for AA contrast (4.5:1) against white: a pale brand colour still reads.
 */
export function colourScale(hex: string): MantineColorsTuple {
  let base = toRgb(hex);
  for (let i = 0; i < 40 && contrastWithWhite(toHex(base)) < 4.5; i++) base = mix(base, BLACK, 0.05);
  const shades = [
    ...TINTS.map((t) => toHex(mix(base, WHITE, t))),
    toHex(base),
    toHex(mix(base, BLACK, 0.15)),
  ];
  return shades as unknown as MantineColorsTuple;
}
