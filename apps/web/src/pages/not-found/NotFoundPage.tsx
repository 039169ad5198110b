import { Button, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { usePageTitle } from '../../components/PageHeader.tsx';

/** Unknown URLs and pages the signed-in user may not use look the same: they do not exist. */
export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <Stack align="flex-start" gap="sm" data-state="not-found" py="xl">
      <Title order={1} size="h2">
        Page not found
      </Title>
      <Text c="dimmed">There is no page at this address, or it is not available to you.</Text>
      <Button component={Link} to="/" variant="default">
        Go to the home page
      </Button>
    </Stack>
  );
}
