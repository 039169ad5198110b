import { Table, Text, VisuallyHidden } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { keys } from '../api/keys.ts';
import type { LinkedIdentity } from '../api/types.ts';
import { ConfirmButton } from './ConfirmButton.tsx';
import { Timestamp } from './format.tsx';
import { QueryState } from './states.tsx';

interface LinkedIdentitiesProps {
  /** Whose identities: 'me' or a user id (part of the query key). */
  owner: string;
  load: () => Promise<{ items: LinkedIdentity[] }>;
  /** Unlinks one; absent when the viewer may only look. */
  remove?: (identityId: string) => Promise<unknown>;
  /** "you" or the user's e-mail address, for the confirmation. */
  who: string;
}

/** The federated identities linked to an account, each with a remove button behind a confirmation. */
export function LinkedIdentities({ owner, load, remove, who }: LinkedIdentitiesProps) {
  const queryClient = useQueryClient();
  const queryKey = keys.detail('linkedIdentities', owner);
  const query = useQuery({ queryKey, queryFn: load });
  return (
    <QueryState query={query} loadingLabel="Loading linked identities">
      {({ items }) =>
        items.length === 0 ? (
          <Text size="sm">No identity provider is linked: the first federated sign-in links one.</Text>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table striped aria-label="Linked identities">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Identity provider</Table.Th>
                  <Table.Th scope="col">Issuer</Table.Th>
                  <Table.Th scope="col">Subject</Table.Th>
                  <Table.Th scope="col">Linked</Table.Th>
                  <Table.Th scope="col">Last used</Table.Th>
                  {remove && (
                    <Table.Th scope="col">
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((identity) => (
                  <Table.Tr key={identity.id}>
                    <Table.Td>{identity.providerName ?? 'A deleted mapping'}</Table.Td>
                    <Table.Td className="mono">{identity.issuer}</Table.Td>
                    <Table.Td className="mono">{identity.subject}</Table.Td>
                    <Table.Td>
                      <Timestamp value={identity.linkedAt} />
                    </Table.Td>
                    <Table.Td>
                      {identity.lastUsedAt ? <Timestamp value={identity.lastUsedAt} /> : 'Not recorded'}
                    </Table.Td>
                    {remove && (
                      <Table.Td>
                        <ConfirmButton
                          label="Remove"
                          size="xs"
                          title="Remove this linked identity?"
                          message={`Signing in through ${identity.providerName ?? identity.issuer} no longer reaches ${who} as this identity. A later federated sign-in links again only where the mapping links by verified e-mail.`}
                          confirmLabel="Remove"
                          success="The identity was unlinked."
                          onConfirm={() => remove(identity.id)}
                          onDone={() => void queryClient.invalidateQueries({ queryKey })}
                        />
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )
      }
    </QueryState>
  );
}
