import {
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { keys } from '../../api/keys.ts';
import { regionsApi } from '../../api/regions.ts';
import type { Me, PlatformSubscription, Region, RegionHealth } from '../../api/types.ts';
import { can } from '../../app/access.ts';
import { lower, useLabels } from '../../app/labels.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { Timestamp } from '../../components/format.tsx';
import { FormError, useFormSubmit } from '../../components/forms.tsx';
import { OrganisationSelect } from '../../components/orgs.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { QueryState } from '../../components/states.tsx';
import { UsageChart } from '../../components/usage/UsageChart.tsx';

/** The health panel's usage figures: unassigned subscriptions and hourly records per local day. */
export function HealthUsage({ usage }: { usage: RegionHealth['usage'] }) {
  const points = usage.recordsPerDay.map((d) => ({ day: d.day, value: String(d.records) }));
  return (
    <Stack gap="xs">
      <Text fw={600} size="sm">
        Azure Stack subscriptions with unassigned usage: {usage.unassignedSubscriptions}
      </Text>
      <Text fw={600} size="sm">
        Hourly records per day
      </Text>
      <UsageChart points={points} label="Hourly records per local day, the last 14 days" />
      <details>
        <summary>
          <Text component="span" size="sm">
            Records per day as a table
          </Text>
        </summary>
        <Table aria-label="Hourly records per local day">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Day</Table.Th>
              <Table.Th ta="right">Records</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {usage.recordsPerDay.map((d) => (
              <Table.Tr key={d.day}>
                <Table.Td>{d.day}</Table.Td>
                <Table.Td ta="right">{d.records}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </details>
    </Stack>
  );
}

const REASONS = {
  unlinked: 'Not linked to a subscription',
  before_billable_from: 'Before its billable-from time',
} as const;

/** Usage the region reported for Azure Stack subscriptions no CMS subscription bills. */
export function UnassignedUsageList({ region }: { region: Region }) {
  const query = useQuery({
    queryKey: [...keys.detail('regions', region.id), 'unassigned-usage'],
    queryFn: () => regionsApi.unassignedUsage(region.id),
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="unassigned-usage">
      <Title order={2} size="h4" mb="sm" id="unassigned-usage">
        Unassigned usage
      </Title>
      <QueryState query={query}>
        {(data) =>
          data.items.length === 0 ? (
            <Text size="sm">None: all usage is assigned to a subscription.</Text>
          ) : (
            <ScrollTable minWidth={640} label="Unassigned usage">
              <Table striped aria-label="Unassigned usage">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Azure Stack subscription</Table.Th>
                    <Table.Th>Why</Table.Th>
                    <Table.Th>Days</Table.Th>
                    <Table.Th ta="right">Records</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((item) => (
                    <Table.Tr key={`${item.azsSubscriptionId}|${item.reason}`}>
                      <Table.Td>
                        {item.displayName ?? '—'}
                        {item.isOperator && <OperatorBadge />}
                        <Text size="xs" c="dimmed" className="mono">
                          {item.azsSubscriptionId}
                        </Text>
                      </Table.Td>
                      <Table.Td>{REASONS[item.reason]}</Table.Td>
                      <Table.Td>
                        {item.firstDay === item.lastDay
                          ? item.firstDay
                          : `${item.firstDay} – ${item.lastDay}`}{' '}
                        ({item.days})
                      </Table.Td>
                      <Table.Td ta="right">{item.records}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          )
        }
      </QueryState>
    </Paper>
  );
}

/**
 * Re-pulls that would remove or lower usage in a closed period (the stamp may have pruned old
 * data): held until a platform administrator confirms one, which a job then pulls again and stores.
 */
export function HeldPullsList({ region, me }: { region: Region; me: Me }) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: [...keys.detail('regions', region.id), 'held-pulls'],
    queryFn: () => regionsApi.heldPulls(region.id),
  });
  const [job, setJob] = useState<string | null>(null);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="held-pulls">
      <Title order={2} size="h4" mb="sm" id="held-pulls">
        Held re-pulls
      </Title>
      {job && (
        <Text size="sm" mb="sm">
          Confirmation queued as job{' '}
          <Anchor component={Link} to={`/jobs/${job}`} className="mono">
            {job}
          </Anchor>
          .
        </Text>
      )}
      <QueryState query={query}>
        {(data) =>
          data.items.length === 0 ? (
            <Text size="sm">None: no re-pull is waiting for a confirmation.</Text>
          ) : (
            <ScrollTable minWidth={720} label="Held re-pulls">
              <Table striped aria-label="Held re-pulls">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Reported window</Table.Th>
                    <Table.Th>Subscriber</Table.Th>
                    <Table.Th ta="right">Records</Table.Th>
                    <Table.Th>Closed-period changes</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((item) => (
                    <Table.Tr key={`${item.window}|${item.subscriberId ?? ''}`}>
                      <Table.Td>
                        <Timestamp value={item.window} />
                      </Table.Td>
                      <Table.Td className="mono">{item.subscriberId ?? 'All'}</Table.Td>
                      <Table.Td ta="right">{item.recordCount}</Table.Td>
                      <Table.Td>
                        {item.changes}
                        {item.shown.slice(0, 3).map((c) => (
                          <Text
                            key={`${c.azsSubscriptionId}|${c.resourceUri}|${c.usageStart}`}
                            size="xs"
                            c="dimmed"
                          >
                            {c.period} {c.meterId}: {c.oldQuantity} → {c.newQuantity}
                          </Text>
                        ))}
                      </Table.Td>
                      <Table.Td>
                        {can(me, 'regions.confirmHeldPull') && (
                          <ConfirmButton
                            label="Confirm"
                            title="Confirm this re-pull?"
                            message="The window is pulled again and stored as the stamp reports it now, lowering or removing usage of a closed period. Invoices already issued are not changed; the difference is corrected as semantics.md describes."
                            confirmLabel="Confirm re-pull"
                            success="The re-pull was queued."
                            color="orange"
                            size="xs"
                            onConfirm={async () => {
                              const queued = await regionsApi.confirmHeldPull(region.id, {
                                window: item.window,
                                ...(item.subscriberId ? { subscriberId: item.subscriberId } : {}),
                              });
                              setJob(queued.id);
                            }}
                            onDone={() =>
                              void queryClient.invalidateQueries({
                                queryKey: keys.detail('regions', region.id),
                              })
                            }
                          />
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          )
        }
      </QueryState>
    </Paper>
  );
}

function OperatorBadge() {
  return (
    <Badge ml="xs" color="gray" variant="outline" size="sm">
      Operator
    </Badge>
  );
}

interface LinkValues {
  tenantId: string | null;
  name: string;
  billableFrom: string;
}

/** A datetime-local value for now, in the browser's time zone. */
function localNow(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

function LinkDialog({
  region,
  item,
  onClose,
}: {
  region: Region;
  item: PlatformSubscription;
  onClose: () => void;
}) {
  const labels = useLabels();
  const form = useForm<LinkValues>({
    mode: 'controlled',
    initialValues: { tenantId: null, name: item.displayName ?? '', billableFrom: localNow() },
    validate: {
      tenantId: (v) => (v ? null : `Choose a ${lower(labels.tenant.singular)}.`),
      billableFrom: (v) => (v ? null : 'Enter when billing starts.'),
    },
  });
  const submit = useFormSubmit(
    form,
    (v: LinkValues) =>
      regionsApi.link(region.id, {
        azsSubscriptionId: item.azsSubscriptionId,
        tenantId: v.tenantId!,
        ...(v.name.trim() ? { name: v.name.trim() } : {}),
        billableFrom: new Date(v.billableFrom).toISOString(),
      }),
    {
      invalidate: [keys.all('regions'), keys.all('subscriptions')],
      success: (s) => `${labels.subscription.singular} “${s.name}” was created and linked.`,
      onSuccess: onClose,
    },
  );
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        <Text size="sm">
          Creates a {lower(labels.subscription.singular)} for{' '}
          <span className="mono">{item.azsSubscriptionId}</span>. Its usage from the billable-from time on is
          billed; earlier usage stays unassigned.
        </Text>
        <OrganisationSelect
          kind="tenant"
          label={labels.tenant.singular}
          required
          value={form.values.tenantId}
          onChange={(id) => form.setFieldValue('tenantId', id)}
          error={form.errors.tenantId}
        />
        <TextInput label={`${labels.subscription.singular} name`} {...form.getInputProps('name')} />
        <TextInput
          type="datetime-local"
          label="Billable from"
          description="Your local time; usage before it stays unassigned"
          required
          {...form.getInputProps('billableFrom')}
        />
        <FormError problem={submit.problem} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={submit.pending}>
            Link
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Azure Stack subscriptions on the region that are not in the CMS; linkable ones can be linked. */
export function PlatformSubscriptionsList({ region, me }: { region: Region; me: Me }) {
  const labels = useLabels();
  const query = useQuery({
    queryKey: [...keys.detail('regions', region.id), 'platform-subscriptions'],
    queryFn: () => regionsApi.platformSubscriptions(region.id),
  });
  const [linking, setLinking] = useState<PlatformSubscription | null>(null);
  const mayLink = can(me, 'subscriptions.link');
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="platform-subscriptions">
      <Title order={2} size="h4" mb="sm" id="platform-subscriptions">
        Platform subscriptions
      </Title>
      <QueryState query={query}>
        {(data) =>
          data.items.length === 0 ? (
            <Text size="sm">None: every subscription the region reported is in the CMS.</Text>
          ) : (
            <ScrollTable minWidth={640} label="Platform subscriptions">
              <Table striped aria-label="Platform subscriptions">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Subscription</Table.Th>
                    <Table.Th>Owner</Table.Th>
                    <Table.Th>State</Table.Th>
                    <Table.Th>Last seen</Table.Th>
                    {mayLink && <Table.Th>Action</Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((item) => (
                    <Table.Tr key={item.azsSubscriptionId}>
                      <Table.Td>
                        {item.displayName ?? '—'}
                        {item.isOperator && <OperatorBadge />}
                        <Text size="xs" c="dimmed" className="mono">
                          {item.azsSubscriptionId}
                        </Text>
                      </Table.Td>
                      <Table.Td>{item.owner ?? '—'}</Table.Td>
                      <Table.Td>{item.state ?? '—'}</Table.Td>
                      <Table.Td>
                        <Timestamp value={item.lastSeenAt} />
                      </Table.Td>
                      {mayLink && (
                        <Table.Td>
                          {item.linkable ? (
                            <Button
                              size="xs"
                              variant="light"
                              onClick={() => setLinking(item)}
                              aria-label={`Link to ${lower(labels.tenant.singular)}: ${item.displayName ?? item.azsSubscriptionId}`}
                            >
                              Link to {lower(labels.tenant.singular)}
                            </Button>
                          ) : (
                            <Text size="sm" c="dimmed">
                              Not linkable
                            </Text>
                          )}
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          )
        }
      </QueryState>
      <Modal
        opened={linking !== null}
        onClose={() => setLinking(null)}
        title={`Link ${linking?.displayName ?? linking?.azsSubscriptionId ?? ''} to a ${lower(labels.tenant.singular)}`}
        centered
      >
        {linking && <LinkDialog region={region} item={linking} onClose={() => setLinking(null)} />}
      </Modal>
    </Paper>
  );
}
