import { Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';

/**
 * A secret the server shows once (an activation link or code), as the API token page shows a new
 * token: the value, a copy button and the warning that it will not be shown again.
 */
export function OneTimeSecret({
  label,
  value,
  copyLabel,
}: {
  label: string;
  value: string;
  copyLabel: string;
}) {
  return (
    <Stack gap="xs">
      <Code
        block
        className="mono"
        fz="md"
        aria-label={label}
        style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
      >
        {value}
      </Code>
      <Group justify="space-between" wrap="wrap">
        <Text size="xs">You will not see it again once you leave this page.</Text>
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Button variant="default" size="xs" onClick={copy}>
              {copied ? 'Copied' : copyLabel}
            </Button>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}
