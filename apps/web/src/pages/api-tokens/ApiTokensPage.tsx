import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { keys } from '../../api/keys.ts';
import { apiTokensApi } from '../../api/tokens.ts';
import type { ApiToken } from '../../api/types.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { Timestamp } from '../../components/format.tsx';
import { FormError, useFormSubmit } from '../../components/forms.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyState, QueryState } from '../../components/states.tsx';

function tokenState(token: ApiToken): { label: string; color: string } {
  if (token.revokedAt) return { label: 'Revoked', color: 'gray' };
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= Date.now())
    return { label: 'Expired', color: 'orange' };
  return { label: 'Active', color: 'green' };
}

function CreateToken({ onClose }: { onClose: () => void }) {
  const [secret, setSecret] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: '', expiresOn: '' },
    validate: {
      name: (v) => (v.trim() ? null : 'Enter a name, e.g. the system that will use it.'),
      expiresOn: (v) =>
        !v || new Date(`${v}T23:59:59Z`).getTime() > Date.now() ? null : 'Choose a future date.',
    },
  });
  const submit = useFormSubmit(
    form,
    (v: typeof form.values) =>
      apiTokensApi.create({
        name: v.name.trim(),
        ...(v.expiresOn ? { expiresAt: `${v.expiresOn}T23:59:59Z` } : {}),
      }),
    {
      invalidate: [keys.apiTokens],
      success: (t) => `API token “${t.name}” was created.`,
      onSuccess: (t) => setSecret(t.token),
      rename: (field) => (field === 'body.expiresAt' ? 'expiresOn' : field.replace(/^body\./, '')),
    },
  );
  if (secret) {
    return (
      <Stack>
        <Alert color="yellow" title="Copy the token now">
          This is the only time the token is shown. It acts exactly as you, with your role and scope. Send it
          as <Code>Authorization: Bearer &lt;token&gt;</Code>.
        </Alert>
        <Code block className="mono" aria-label="The new API token">
          {secret}
        </Code>
        <Group justify="space-between">
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <Button variant="default" onClick={copy}>
                {copied ? 'Copied' : 'Copy token'}
              </Button>
            )}
          </CopyButton>
          <Button onClick={onClose}>Done</Button>
        </Group>
      </Stack>
    );
  }
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
        <TextInput
          label="Expires on (optional)"
          description="Last day the token works (UTC); empty: until revoked"
          type="date"
          {...form.getInputProps('expiresOn')}
          // Escape belongs to the browser's date picker here (closing it), not to the dialog: Mantine's
          // modal listens on the window and leaves alone the events of elements marked so.
          data-mantine-stop-propagation
        />
        <FormError problem={submit.problem} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={submit.pending}>
            Create token
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Settings → API tokens: the signed-in user's own tokens for machines. */
export default function ApiTokensPage() {
  const [opened, { open, close }] = useDisclosure(false);
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: keys.apiTokens, queryFn: apiTokensApi.list });
  const createButton = (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={open}>
      Create token
    </Button>
  );
  return (
    <>
      <PageHeader
        title="API tokens"
        description="Tokens let scripts and other systems use the API as you, with your role and scope."
        actions={createButton}
      />
      <Modal opened={opened} onClose={close} title="Create API token" centered size="lg">
        {opened && <CreateToken onClose={close} />}
      </Modal>
      <QueryState query={query}>
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState title="No API tokens yet">Create one for each system that uses the API.</EmptyState>
          ) : (
            <Paper withBorder p="md">
              <Table.ScrollContainer minWidth={640}>
                <Table striped aria-label="API tokens">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Name</Table.Th>
                      <Table.Th scope="col">Status</Table.Th>
                      <Table.Th scope="col">Created</Table.Th>
                      <Table.Th scope="col">Expires</Table.Th>
                      <Table.Th scope="col">Last used</Table.Th>
                      <Table.Th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.items.map((token) => {
                      const state = tokenState(token);
                      return (
                        <Table.Tr key={token.id}>
                          <Table.Td>{token.name}</Table.Td>
                          <Table.Td>
                            <Badge color={state.color} variant="dot" size="md">
                              {state.label}
                            </Badge>
                          </Table.Td>
                          <Table.Td>
                            <Timestamp value={token.createdAt} />
                          </Table.Td>
                          <Table.Td>
                            {token.expiresAt ? <Timestamp value={token.expiresAt} /> : 'Never'}
                          </Table.Td>
                          <Table.Td>
                            {token.lastUsedAt ? (
                              <Timestamp value={token.lastUsedAt} />
                            ) : (
                              <Text size="sm">Never</Text>
                            )}
                          </Table.Td>
                          <Table.Td>
                            {state.label === 'Active' && (
                              <ConfirmButton
                                label="Revoke"
                                size="xs"
                                title={`Revoke “${token.name}”?`}
                                message="The token stops working at once. Systems that use it lose access."
                                confirmLabel="Revoke"
                                success={`API token “${token.name}” was revoked.`}
                                onConfirm={() => apiTokensApi.revoke(token.id)}
                                onDone={() =>
                                  void queryClient.invalidateQueries({ queryKey: keys.apiTokens })
                                }
                              />
                            )}
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Paper>
          )
        }
      </QueryState>
    </>
  );
}
