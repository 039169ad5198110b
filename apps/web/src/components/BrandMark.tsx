import { Group, Image, Text } from '@mantine/core';
import { useBrand } from '../app/brand.ts';

/** The product's logo for the current colour scheme, and its name. */
export function BrandMark({ size = 'lg' }: { size?: 'md' | 'lg' }) {
  const brand = useBrand();
  const height = size === 'lg' ? 32 : 40;
  return (
    <Group gap="xs" wrap="nowrap" justify="center" miw={0}>
      {brand.logoLightUrl && (
        <Image
          src={brand.logoLightUrl}
          alt=""
          h={height}
          w="auto"
          fit="contain"
          darkHidden
          data-logo="light"
        />
      )}
      {brand.logoDarkUrl && (
        <Image
          src={brand.logoDarkUrl}
          alt=""
          h={height}
          w="auto"
          fit="contain"
          lightHidden
          data-logo="dark"
        />
      )}
      {/* One line, cut with an ellipsis where the header is narrow (the full name is the link's label). */}
      <Text component="span" fw={700} size={size} c="var(--cms-brand-text)" truncate="end" data-brand-name>
        {brand.name}
      </Text>
    </Group>
  );
}

/** Where to get help, when the operator (or the partner) has said. */
export function SupportLinks() {
  const brand = useBrand();
  if (!brand.supportEmail && !brand.supportUrl) return null;
  return (
    <Text size="sm" c="dimmed" ta="center">
      Need help? {brand.supportEmail && <a href={`mailto:${brand.supportEmail}`}>{brand.supportEmail}</a>}
      {brand.supportEmail && brand.supportUrl && ' · '}
      {brand.supportUrl && (
        <a href={brand.supportUrl} target="_blank" rel="noopener noreferrer">
          Support site
        </a>
      )}
    </Text>
  );
}
