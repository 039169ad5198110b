import { Anchor, Badge, Button, Select } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconRefresh } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { errorMessage } from '../../api/errors.ts';
import { keys } from '../../api/keys.ts';
import { offersApi } from '../../api/offers.ts';
import { regionsApi } from '../../api/regions.ts';
import type { Offer } from '../../api/types.ts';

export type Publication = Offer['publication'];

export const PUBLICATION_NAMES: Record<Publication, string> = {
  private: 'Private',
  public: 'Public',
  decommissioned: 'Decommissioned',
};

const PUBLICATION_COLOURS: Record<Publication, string> = {
  private: 'gray',
  public: 'green',
  decommissioned: 'red',
};

export function PublicationBadge({ publication }: { publication: Publication }) {
  return (
    <Badge color={PUBLICATION_COLOURS[publication]} variant="light">
      {PUBLICATION_NAMES[publication]}
    </Badge>
  );
}

/** "Gone from the region" for rows the region no longer has. */
export function GoneBadge({ at }: { at: string | null }) {
  if (at === null) return null;
  return (
    <Badge color="orange" variant="outline" title={`Since ${at}`}>
      Gone from the region
    </Badge>
  );
}

/** A filter of the Azure Stack Hub regions (platform users). */
export function RegionFilter({
  value,
  onChange,
}: {
  value: string | null;
  onChange: (id: string | null) => void;
}) {
  const regions = useQuery({
    queryKey: keys.list('regions', { kind: 'azure_stack', limit: 200 }),
    queryFn: () => regionsApi.list({ kind: 'azure_stack', limit: 200, sort: 'name' }),
  });
  return (
    <Select
      label="Region"
      placeholder="Any region"
      clearable
      data={(regions.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }))}
      value={value}
      onChange={onChange}
      w={220}
    />
  );
}

/** "Sync now": queues the region's plans, offers and quotas sync and links to its job. */
export function SyncNowButton({
  regionId,
  label = 'Sync plans and offers',
}: {
  regionId: string;
  label?: string;
}) {
  const mutation = useMutation({
    mutationFn: () => offersApi.sync(regionId),
    onSuccess: (job) =>
      notifications.show({
        color: 'green',
        title: job.created ? 'Sync queued' : 'Sync already queued',
        message: (
          <>
            Follow it on{' '}
            <Anchor component={Link} to={`/jobs/${job.id}`}>
              its job page
            </Anchor>
            .
          </>
        ),
      }),
    onError: (error) =>
      notifications.show({ color: 'red', title: 'Not queued', message: errorMessage(error) }),
  });
  return (
    <Button
      variant="default"
      leftSection={<IconRefresh size={16} aria-hidden />}
      loading={mutation.isPending}
      onClick={() => mutation.mutate()}
    >
      {label}
    </Button>
  );
}
