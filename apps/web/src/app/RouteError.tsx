import { Alert, Button, Container, Stack, Text } from '@mantine/core';
import { isRouteErrorResponse, useRouteError } from 'react-router';

/** Last resort for a render error or a chunk that failed to load (e.g. after a new deployment). */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : 'Unknown error';
  return (
    <Container size="sm" py="xl">
      <Alert color="red" title="The portal hit an error" role="alert" data-state="error">
        <Stack gap="sm">
          <Text size="sm">{message}</Text>
          <div>
            <Button variant="outline" color="red" onClick={() => window.location.reload()}>
              Reload the page
            </Button>
          </div>
        </Stack>
      </Alert>
    </Container>
  );
}
