import {
  Alert,
  type CSSVariablesResolver,
  createTheme,
  defaultVariantColorsResolver,
  type MantineThemeOverride,
  Modal,
  Notification,
  parseThemeColor,
  type VariantColorsResolver,
} from '@mantine/core';
import { colourScale } from './colours.ts';

/**
 * Mantine's theme with colours that meet WCAG AA contrast (4.5:1 for text): filled buttons and
 * badges use the darker shades, and "dimmed" text is gray 7 instead of gray 6. Close buttons get
 * accessible names.
 */
/**
 * Red text on the page's own background (outline and subtle buttons: Delete, Revoke, Remove) uses
 * --cms-danger, which is dark red in the light scheme and light red in the dark one: a single red
 * cannot reach 4.5:1 on both backgrounds.
 */
const variantColorResolver: VariantColorsResolver = (input) => {
  const colors = defaultVariantColorsResolver(input);
  const parsed = parseThemeColor({ color: input.color ?? input.theme.primaryColor, theme: input.theme });
  if (!parsed.isThemeColor || parsed.color !== 'red') return colors;
  if (input.variant === 'outline')
    return { ...colors, color: 'var(--cms-danger)', border: '1px solid var(--cms-danger)' };
  if (input.variant === 'subtle') return { ...colors, color: 'var(--cms-danger)' };
  return colors;
};

export const theme = createTheme({
  variantColorResolver,
  primaryColor: 'blue',
  // Shade 8 is darkened for AA contrast with white text (colours.ts), in both schemes.
  primaryShade: { light: 8, dark: 8 },
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  defaultRadius: 'sm',
  focusRing: 'auto',
  components: {
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss notification' } },
      styles: { description: { color: 'var(--mantine-color-dimmed)' } },
    }),
    // Alert titles take the variant's mid shade (yellow 9 on yellow 0 is 2.7:1): plain text colour.
    Alert: Alert.extend({ styles: { title: { color: 'var(--mantine-color-text)' } } }),
    Modal: Modal.extend({
      defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } },
    }),
  },
});

/** The theme with the effective branding's colour as the primary colour scale. */
export function brandTheme(primaryColor: string): MantineThemeOverride {
  return { ...theme, colors: { brand: colourScale(primaryColor) }, primaryColor: 'brand' };
}

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
    // Field errors: Mantine's red 6 is 3.3:1 on white; red 9 keeps the message readable (AA).
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    // The brand's name in the header and on the sign-in card.
    '--cms-brand-text': 'var(--mantine-primary-color-filled)',
    // Read-only (disabled) fields and labels: Mantine's gray 5 is 2.5:1 on its gray 1; gray 7 is 7:1.
    '--mantine-color-disabled-color': 'var(--mantine-color-gray-7)',
    '--cms-page-bg': 'var(--mantine-color-gray-0)',
    '--cms-danger': 'var(--mantine-color-red-9)',
  },
  dark: {
    '--mantine-color-dimmed': 'var(--mantine-color-dark-1)',
    '--mantine-color-placeholder': 'var(--mantine-color-dark-2)',
    '--mantine-color-error': 'var(--mantine-color-red-4)',
    // The light scheme's primary (shade 8) is too dark to read on the dark body: a light tint.
    '--cms-brand-text': 'var(--mantine-primary-color-2)',
    '--mantine-color-anchor': 'var(--mantine-primary-color-2)',
    '--mantine-color-disabled-color': 'var(--mantine-color-dark-1)',
    '--cms-page-bg': 'var(--mantine-color-dark-8)',
    '--cms-danger': 'var(--mantine-color-red-4)',
  },
});
