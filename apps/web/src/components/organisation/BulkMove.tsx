import { Alert, Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArrowsExchange } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../api/errors.ts';
import { lower, relabel, useLabels } from '../../app/labels.ts';
import { OrganisationSelect } from '../orgs.tsx';
import { ORG_API } from './kinds.ts';

interface Moved {
  id: string;
  name: string;
}

interface Outcome {
  moved: Moved[];
  failed: { item: Moved; reason: string }[];
}

/**
 * Moves the selected partners (to another distributor) or tenants (to another partner): what
 * resolves "Partner still has 30 tenants". Each organisation moves in its own request, so each
 * move keeps the server's locking order and its own audit row, and a refusal of one (a name taken
 * under the new parent) leaves the others moved and is listed by name.
 */
export function BulkMoveButton({
  kind,
  selected,
  currentParentId,
  onDone,
}: {
  kind: 'partner' | 'tenant';
  selected: Moved[];
  /** The parent they are listed under, not offered as a destination. */
  currentParentId?: string | undefined;
  onDone: () => void;
}) {
  const labels = useLabels();
  const queryClient = useQueryClient();
  const [opened, { open, close }] = useDisclosure(false);
  const [target, setTarget] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const parentKind = kind === 'partner' ? 'distributor' : 'partner';
  const [own, parent] = [labels[kind], labels[parentKind]];
  const mutation = useMutation({
    mutationFn: async (destination: string): Promise<Outcome> => {
      const result: Outcome = { moved: [], failed: [] };
      for (const item of selected) {
        try {
          if (kind === 'partner') await ORG_API.partner.move(item.id, destination);
          else await ORG_API.tenant.move(item.id, destination);
          result.moved.push(item);
        } catch (error) {
          result.failed.push({ item, reason: relabel(errorMessage(error), labels) });
        }
      }
      return result;
    },
    onSuccess: async (result) => {
      await queryClient.invalidateQueries();
      setOutcome(result);
      if (result.failed.length === 0) {
        notifications.show({
          color: 'green',
          title: 'Moved',
          message: `${result.moved.length} ${lower(result.moved.length === 1 ? own.singular : own.plural)} moved.`,
        });
        finish();
      }
    },
  });
  const finish = () => {
    close();
    setTarget(null);
    setOutcome(null);
    onDone();
  };
  return (
    <>
      <Button
        variant="default"
        size="xs"
        leftSection={<IconArrowsExchange size={14} aria-hidden />}
        disabled={selected.length === 0}
        onClick={open}
      >
        Move selected ({selected.length})
      </Button>
      <Modal
        opened={opened}
        onClose={outcome ? finish : close}
        title={`Move ${selected.length} ${lower(selected.length === 1 ? own.singular : own.plural)}`}
        centered
      >
        <Stack>
          {outcome ? (
            <Alert color="yellow" title={`${outcome.moved.length} moved, ${outcome.failed.length} not moved`}>
              <List size="sm">
                {outcome.failed.map((f) => (
                  <List.Item key={f.item.id}>
                    {f.item.name}: {f.reason}
                  </List.Item>
                ))}
              </List>
            </Alert>
          ) : (
            <>
              <Text size="sm">
                Each moves with everything under it; the old {lower(parent.singular)} loses access to it.
              </Text>
              <OrganisationSelect
                kind={parentKind}
                label={`New ${lower(parent.singular)}`}
                value={target}
                onChange={setTarget}
                exclude={currentParentId ? [currentParentId] : []}
                required
              />
            </>
          )}
          <Group justify="flex-end">
            {outcome ? (
              <Button onClick={finish}>Close</Button>
            ) : (
              <>
                <Button variant="default" onClick={close}>
                  Cancel
                </Button>
                <Button
                  disabled={!target}
                  loading={mutation.isPending}
                  onClick={() => target && mutation.mutate(target)}
                >
                  Move
                </Button>
              </>
            )}
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
