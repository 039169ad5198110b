import { Button, Group, Modal, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../api/errors.ts';
import { keys } from '../../api/keys.ts';
import { subscriptionsApi } from '../../api/subscriptions.ts';
import type { Me, Subscription } from '../../api/types.ts';
import { can } from '../../app/access.ts';
import { lower, useLabels } from '../../app/labels.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { FormError } from '../../components/forms.tsx';

/** Whether the subscription still lives on an Azure Stack Hub region (what the lifecycle changes there). */
const livesOnRegion = (sub: Subscription) => sub.azsSubscriptionId !== null && sub.regionDeletedAt === null;

/**
 * Suspend, resume, cancel and delete on the region (product.md §4). The region is changed first;
 * when it fails, the server answers with the reason and nothing changed. Deleting on the region
 * destroys the customer's resources, so it asks for the subscription's name to be typed.
 */
export function SubscriptionLifecycle({ sub, me }: { sub: Subscription; me: Me }) {
  const labels = useLabels();
  const queryClient = useQueryClient();
  const noun = lower(labels.subscription.singular);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: keys.all('subscriptions') });
  };
  const onRegion = livesOnRegion(sub);
  const pending = sub.provisioningState === 'provisioning';
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="subscription-lifecycle">
      <Title order={2} size="h4" mb="sm" id="subscription-lifecycle">
        Lifecycle
      </Title>
      <Stack>
        {pending && (
          <Text size="sm">
            The region has not confirmed this {noun} yet. The CMS finishes it as soon as the region answers.
          </Text>
        )}
        <Group>
          {sub.status === 'active' && can(me, 'subscriptions.suspend') && (
            <ConfirmButton
              label="Suspend"
              variant="default"
              title={`Suspend ${noun} “${sub.name}”?`}
              message={
                onRegion
                  ? `It is disabled on the region: no usage, its resources are stopped until it is resumed.`
                  : `It is marked suspended (it is not on an Azure Stack Hub region).`
              }
              confirmLabel="Suspend"
              success={`${labels.subscription.singular} “${sub.name}” was suspended.`}
              onConfirm={() => subscriptionsApi.suspend(sub.id)}
              onDone={refresh}
            />
          )}
          {sub.status === 'suspended' && can(me, 'subscriptions.resume') && (
            <ConfirmButton
              label="Resume"
              variant="default"
              title={`Resume ${noun} “${sub.name}”?`}
              message={onRegion ? 'It is enabled on the region again.' : 'It is marked active again.'}
              confirmLabel="Resume"
              success={`${labels.subscription.singular} “${sub.name}” was resumed.`}
              onConfirm={() => subscriptionsApi.resume(sub.id)}
              onDone={refresh}
            />
          )}
          {sub.status !== 'cancelled' && can(me, 'subscriptions.cancel') && (
            <ConfirmButton
              label={`Cancel ${noun}`}
              color="red.9"
              variant="outline"
              title={`Cancel ${noun} “${sub.name}”?`}
              message={`It is disabled on the region and cannot be resumed. Its usage until now is still billed; its resources stay until it is deleted on the region.`}
              confirmLabel={`Cancel ${noun}`}
              success={`${labels.subscription.singular} “${sub.name}” was cancelled.`}
              onConfirm={() => subscriptionsApi.cancel(sub.id)}
              onDone={refresh}
            />
          )}
          {onRegion && !pending && can(me, 'subscriptions.regionDelete') && (
            <DeleteOnRegion sub={sub} noun={noun} onDone={refresh} />
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

function DeleteOnRegion({ sub, noun, onDone }: { sub: Subscription; noun: string; onDone: () => void }) {
  const [opened, modal] = useDisclosure(false);
  const [typed, setTyped] = useState('');
  const mutation = useMutation({
    mutationFn: () => subscriptionsApi.deleteOnRegion(sub.id, typed),
    onSuccess: () => {
      modal.close();
      onDone();
    },
  });
  return (
    <>
      <Button color="red.9" onClick={modal.open}>
        Delete on region
      </Button>
      <Modal opened={opened} onClose={modal.close} title={`Delete “${sub.name}” on its region?`} centered>
        <Stack>
          <Text size="sm">
            This deletes the {noun} and all its resources on the region; it cannot be undone. The record stays
            in the CMS for billing. Type the {noun}'s name to confirm.
          </Text>
          <TextInput
            label={`Type “${sub.name}”`}
            value={typed}
            onChange={(event) => setTyped(event.currentTarget.value)}
            autoComplete="off"
          />
          <FormError
            problem={mutation.isError ? { message: errorMessage(mutation.error), details: [] } : null}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={modal.close}>
              Keep it
            </Button>
            <Button
              color="red.9"
              disabled={typed !== sub.name}
              loading={mutation.isPending}
              onClick={() => mutation.mutate()}
            >
              Delete on region
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
