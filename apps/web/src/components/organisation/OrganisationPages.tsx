import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  List,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArrowsExchange, IconDownload, IconPencil, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { errorMessage } from '../../api/errors.ts';
import { keys } from '../../api/keys.ts';
import { subscriptionsApi } from '../../api/subscriptions.ts';
import type { Body, Distributor, Me, Partner, Tenant } from '../../api/types.ts';
import { usersApi } from '../../api/users.ts';
import { access, can } from '../../app/access.ts';
import { lower, roleLabel, useLabels } from '../../app/labels.ts';
import { useCurrentMe } from '../../app/me-context.ts';
import { AdjustmentsSection } from '../AdjustmentsSection.tsx';
import { ConfirmButton } from '../ConfirmButton.tsx';
import { DetailList } from '../DetailList.tsx';
import { personName, StatusBadge, Timestamp, UserFlags, UserStatusBadge } from '../format.tsx';
import { FormError, useFormSubmit } from '../forms.tsx';
import { ListView } from '../ListView.tsx';
import { OneTimeSecret } from '../OneTimeSecret.tsx';
import { KnownOrgName, OrganisationSelect, OrgName } from '../orgs.tsx';
import { PageHeader } from '../PageHeader.tsx';
import { QueryState } from '../states.tsx';
import { useUnsavedChangesGuard } from '../useUnsavedChangesGuard.ts';
import { BulkMoveButton } from './BulkMove.tsx';
import { IdentityHealth } from './IdentityHealth.tsx';
import { type Kind, ORG_API, useKind } from './kinds.ts';
import {
  initialValues,
  OrganisationFormFields,
  type OrganisationValues,
  renameField,
  toBody,
  useOrganisationForm,
} from './OrganisationForm.tsx';
import { TenantCost } from './TenantCost.tsx';

type AnyOrganisation = Distributor | Partner | Tenant;

function createOrganisation(kind: Kind, body: unknown): Promise<AnyOrganisation> {
  if (kind === 'distributor') return ORG_API.distributor.create(body as Body<'distributors.create'>);
  if (kind === 'partner') return ORG_API.partner.create(body as Body<'partners.create'>);
  return ORG_API.tenant.create(body as Body<'tenants.create'>);
}

function updateOrganisation(kind: Kind, id: string, body: unknown): Promise<AnyOrganisation> {
  if (kind === 'distributor') return ORG_API.distributor.update(id, body as Body<'distributors.update'>);
  if (kind === 'partner') return ORG_API.partner.update(id, body as Body<'partners.update'>);
  return ORG_API.tenant.update(id, body as Body<'tenants.update'>);
}

function getOrganisation(kind: Kind, id: string): Promise<AnyOrganisation> {
  return ORG_API[kind].get(id);
}

type NewAdministrator = NonNullable<AnyOrganisation['administrators']>[number];

/** The administrators a create or edit just made, with their invitation outcome, for the next page. */
function handOver(org: AnyOrganisation): { newAdministrators: NewAdministrator[] } {
  return { newAdministrators: (org.administrators ?? []).filter((a) => a.invitation !== undefined) };
}

/** Shown once after a save: who got an invitation, whose failed, and activation codes to hand over. */
function NewAdministratorsNotice() {
  const location = useLocation();
  const list = (location.state as { newAdministrators?: NewAdministrator[] } | null)?.newAdministrators ?? [];
  if (list.length === 0) return null;
  const problem = list.some((a) => a.activationLink || a.activationCode);
  return (
    <Alert color={problem ? 'yellow' : 'blue'} title="New administrators" mb="lg">
      <List size="sm" spacing={4}>
        {list.map((a) => (
          <List.Item key={a.id}>
            {a.email}:{' '}
            {a.invitation === 'queued'
              ? 'an invitation to set a password is on its way by e-mail.'
              : a.invitation === 'link'
                ? 'e-mail is off: give this one-time activation link to the administrator, who chooses a password with it.'
                : 'signs in with the initial password you gave (and changes it at first sign-in).'}
            {a.activationLink && (
              <OneTimeSecret
                label={`Activation link of ${a.email}`}
                value={a.activationLink}
                copyLabel="Copy link"
              />
            )}
            {a.activationCode && (
              <>
                {' '}
                Activation code, to hand over out of band (shown once):{' '}
                <Code className="mono">{a.activationCode}</Code>
              </>
            )}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

/** Relationships → <kind> → Create. */
export function OrganisationCreatePage({ kind }: { kind: Kind }) {
  const me = useCurrentMe();
  const navigate = useNavigate();
  const k = useKind(kind);
  const form = useOrganisationForm(initialValues(kind, 'create'), kind, 'create', me);
  const guard = useUnsavedChangesGuard(form.isDirty());
  const submit = useFormSubmit(
    form,
    (values: OrganisationValues) => createOrganisation(kind, toBody(kind, 'create', values, me)),
    {
      invalidate: [keys.all(k.resource), keys.all('users')],
      success: (created) => `${k.label} “${created.name}” was created.`,
      onSuccess: (created) => {
        guard.release();
        navigate(`${k.path}/${created.id}`, { state: handOver(created) });
      },
      rename: renameField,
    },
  );
  return (
    <>
      <PageHeader title={`Create ${lower(k.label)}`} back={{ to: k.path, label: k.plural }} />
      <form onSubmit={submit.onSubmit} noValidate>
        <OrganisationFormFields
          form={form}
          kind={kind}
          kindLabel={k.label}
          mode="create"
          me={me}
          problem={submit.problem}
          pending={submit.pending}
          onCancel={() => navigate(k.path)}
        />
      </form>
    </>
  );
}

function EditForm({ kind, org, me }: { kind: Kind; org: AnyOrganisation; me: Me }) {
  const navigate = useNavigate();
  const k = useKind(kind);
  const form = useOrganisationForm(initialValues(kind, 'edit', org), kind, 'edit', me);
  const guard = useUnsavedChangesGuard(form.isDirty());
  const submit = useFormSubmit(
    form,
    (values: OrganisationValues) => updateOrganisation(kind, org.id, toBody(kind, 'edit', values, me)),
    {
      invalidate: [keys.all(k.resource), keys.all('users')],
      success: (saved) => `${k.label} “${saved.name}” was saved.`,
      onSuccess: (saved) => {
        guard.release();
        navigate(`${k.path}/${saved.id}`, { state: handOver(saved) });
      },
      rename: renameField,
    },
  );
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <OrganisationFormFields
        form={form}
        kind={kind}
        kindLabel={k.label}
        mode="edit"
        me={me}
        problem={submit.problem}
        pending={submit.pending}
        onCancel={() => navigate(`${k.path}/${org.id}`)}
      />
    </form>
  );
}

/** Relationships → <kind> → select one → Edit. */
export function OrganisationEditPage({ kind }: { kind: Kind }) {
  const me = useCurrentMe();
  const { id = '' } = useParams();
  const k = useKind(kind);
  const query = useQuery({ queryKey: keys.detail(k.resource, id), queryFn: () => getOrganisation(kind, id) });
  return (
    <>
      <PageHeader
        title={query.data ? `Edit ${query.data.name}` : `Edit ${lower(k.label)}`}
        back={{ to: `${k.path}/${id}`, label: query.data?.name ?? k.label }}
      />
      <QueryState query={query}>{(org) => <EditForm kind={kind} org={org} me={me} />}</QueryState>
    </>
  );
}

function MoveButton({ kind, org }: { kind: 'partner' | 'tenant'; org: Partner | Tenant }) {
  const [opened, { open, close }] = useDisclosure(false);
  const [target, setTarget] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const parentKind = kind === 'partner' ? 'distributor' : 'partner';
  const labels = useLabels();
  const [own, parent] = [lower(labels[kind].singular), lower(labels[parentKind].singular)];
  // Where it is now is no destination (the server would answer "moved" and change nothing).
  const currentParent = kind === 'partner' ? (org as Partner).distributorId : (org as Tenant).partnerId;
  const mutation = useMutation({
    mutationFn: () =>
      kind === 'partner' ? ORG_API.partner.move(org.id, target!) : ORG_API.tenant.move(org.id, target!),
    onSuccess: async () => {
      await queryClient.invalidateQueries();
      notifications.show({ color: 'green', title: 'Moved', message: `“${org.name}” was moved.` });
      close();
    },
  });
  return (
    <>
      <Button variant="default" leftSection={<IconArrowsExchange size={16} aria-hidden />} onClick={open}>
        Move
      </Button>
      <Modal opened={opened} onClose={close} title={`Move “${org.name}”`} centered>
        <Stack>
          <Text size="sm">
            {kind === 'partner'
              ? `The ${own} moves with all its ${lower(labels.tenant.plural)} and ${lower(labels.subscription.plural)}. The old ${parent} loses access to it.`
              : `The ${own} moves with its ${lower(labels.subscription.plural)} and users. The old ${parent} loses access to it.`}
          </Text>
          <OrganisationSelect
            kind={parentKind}
            label={`New ${parent}`}
            value={target}
            onChange={setTarget}
            exclude={[currentParent].filter((id): id is string => id !== undefined)}
            required
          />
          <FormError
            problem={mutation.isError ? { message: errorMessage(mutation.error), details: [] } : null}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button disabled={!target} loading={mutation.isPending} onClick={() => mutation.mutate()}>
              Move
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function contactText(c: { name: string | null; email: string | null; phone: string | null }) {
  const parts = [c.name, c.email, c.phone].filter(Boolean);
  return parts.length ? parts.join(' · ') : null;
}

function Section({
  title,
  children,
  actions,
}: {
  title: string;
  children: React.ReactNode;
  actions?: React.ReactNode;
}) {
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {title}
        </Title>
        {actions}
      </Group>
      {children}
    </Paper>
  );
}

/** Rows picked for a bulk move, kept across pages of the list. */
function useSelection<T extends { id: string; name: string }>() {
  const [selected, setSelected] = useState<Map<string, T>>(new Map());
  return {
    selected,
    items: [...selected.values()].map((r) => ({ id: r.id, name: r.name })),
    clear: () => setSelected(new Map()),
    prop: {
      selected,
      onChange: setSelected,
      rowLabel: (row: T) => `Select ${row.name}`,
    },
  };
}

function Children({ kind, org, me }: { kind: Kind; org: AnyOrganisation; me: Me }) {
  const labels = useLabels();
  const partnerSelection = useSelection<Partner>();
  const tenantSelection = useSelection<Tenant>();
  if (kind === 'distributor') {
    return (
      <Section
        title={labels.partner.plural}
        actions={
          <Group gap="xs">
            {can(me, 'partners.move') && (
              <BulkMoveButton
                kind="partner"
                selected={partnerSelection.items}
                currentParentId={org.id}
                onDone={partnerSelection.clear}
              />
            )}
            {access.partnerCreate(me) && (
              <Button component={Link} to="/partners/new" size="xs" variant="default">
                Create {lower(labels.partner.singular)}
              </Button>
            )}
          </Group>
        }
      >
        <ListView<Partner>
          label={`${labels.partner.plural} of ${org.name}`}
          {...(can(me, 'partners.move') ? { selection: partnerSelection.prop } : {})}
          urlState={false}
          bordered={false}
          queryKey={(p) => keys.list('partners', { ...p, distributorId: org.id })}
          fetchPage={(p) => ORG_API.partner.list({ ...p, distributorId: org.id })}
          rowKey={(r) => r.id}
          defaultSort="name"
          emptyTitle={`No ${lower(labels.partner.plural)} yet`}
          columns={[
            {
              key: 'name',
              header: 'Name',
              sortField: 'name',
              render: (r) => (
                <Anchor component={Link} to={`/partners/${r.id}`}>
                  {r.name}
                </Anchor>
              ),
            },
            {
              key: 'created',
              header: 'Created',
              sortField: 'createdAt',
              render: (r) => <Timestamp value={r.createdAt} />,
            },
          ]}
        />
      </Section>
    );
  }
  if (kind === 'partner') {
    return (
      <Section
        title={labels.tenant.plural}
        actions={
          can(me, 'tenants.move') && (
            <BulkMoveButton
              kind="tenant"
              selected={tenantSelection.items}
              currentParentId={org.id}
              onDone={tenantSelection.clear}
            />
          )
        }
      >
        <ListView<Tenant>
          label={`${labels.tenant.plural} of ${org.name}`}
          {...(can(me, 'tenants.move') ? { selection: tenantSelection.prop } : {})}
          urlState={false}
          bordered={false}
          queryKey={(p) => keys.list('tenants', { ...p, partnerId: org.id })}
          fetchPage={(p) => ORG_API.tenant.list({ ...p, partnerId: org.id })}
          rowKey={(r) => r.id}
          defaultSort="name"
          emptyTitle={`No ${lower(labels.tenant.plural)} yet`}
          columns={[
            {
              key: 'name',
              header: 'Name',
              sortField: 'name',
              render: (r) => (
                <Anchor component={Link} to={`/tenants/${r.id}`}>
                  {r.name}
                </Anchor>
              ),
            },
            { key: 'mode', header: 'Billing mode', render: (r) => r.billingMode },
            {
              key: 'created',
              header: 'Created',
              sortField: 'createdAt',
              render: (r) => <Timestamp value={r.createdAt} />,
            },
          ]}
        />
      </Section>
    );
  }
  return (
    <Section title={labels.subscription.plural}>
      <ListView
        label={`${labels.subscription.plural} of ${org.name}`}
        urlState={false}
        bordered={false}
        queryKey={(p) => keys.list('subscriptions', { ...p, tenantId: org.id })}
        fetchPage={(p) => subscriptionsApi.list({ ...p, tenantId: org.id })}
        rowKey={(r) => r.id}
        defaultSort="name"
        emptyTitle={`No ${lower(labels.subscription.plural)} yet`}
        columns={[
          {
            key: 'name',
            header: 'Name',
            sortField: 'name',
            render: (r) =>
              access.subscriptions(me) ? (
                <Anchor component={Link} to={`/subscriptions/${r.id}`}>
                  {r.name}
                </Anchor>
              ) : (
                r.name
              ),
          },
          { key: 'status', header: 'Status', render: (r) => <StatusBadge status={r.status} /> },
          {
            key: 'created',
            header: 'Created',
            sortField: 'createdAt',
            render: (r) => <Timestamp value={r.createdAt} />,
          },
        ]}
      />
    </Section>
  );
}

function Users({ org }: { org: AnyOrganisation }) {
  const labels = useLabels();
  return (
    <Section title="Users">
      <ListView
        label={`Users of ${org.name}`}
        urlState={false}
        bordered={false}
        queryKey={(p) => keys.list('users', { ...p, orgId: org.id })}
        fetchPage={(p) => usersApi.list({ ...p, orgId: org.id })}
        rowKey={(r) => r.id}
        defaultSort="email"
        emptyTitle="No users"
        columns={[
          {
            key: 'email',
            header: 'E-mail',
            sortField: 'email',
            render: (r) => (
              <Anchor component={Link} to={`/users/${r.id}`}>
                {r.email}
              </Anchor>
            ),
          },
          { key: 'name', header: 'Name', sortField: 'lastName', render: (r) => personName(r) },
          { key: 'role', header: 'Role', render: (r) => roleLabel(r.level, r.role, labels) },
          {
            key: 'status',
            header: 'Status',
            render: (r) => (
              <Group gap={4}>
                <UserStatusBadge user={r} />
                <UserFlags user={r} />
              </Group>
            ),
          },
        ]}
      />
    </Section>
  );
}

/** In a delete confirmation: how many users are deleted with the organisation (asked when it opens). */
function UsersDeletedWith({ orgId }: { orgId: string }) {
  const query = useQuery({
    queryKey: keys.list('users', { orgId, limit: 1, includeTotal: true }),
    queryFn: () => usersApi.list({ orgId, limit: 1, includeTotal: true }),
  });
  const total = query.data?.total;
  if (total === undefined) return null;
  if (total === 0) return <>It has no users.</>;
  return (
    <strong>
      Its {total === 1 ? 'user is' : `${total} users are`} deleted with it: they lose access at once.
    </strong>
  );
}

/** A parent the detail answer already names (no request); asked for only when it does not. */
function ParentName({ id, name, me }: { id: string; name: string | undefined; me: Me }) {
  return name === undefined ? <OrgName id={id} me={me} /> : <KnownOrgName id={id} name={name} me={me} />;
}

/** Relationships → <kind> → select one: details, administrators, what is under it; Edit, Move, Delete. */
export function OrganisationDetailPage({ kind }: { kind: Kind }) {
  const me = useCurrentMe();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const k = useKind(kind);
  const labels = useLabels();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: keys.detail(k.resource, id), queryFn: () => getOrganisation(kind, id) });
  const org = query.data;
  const canEdit =
    kind === 'distributor'
      ? access.distributorEdit(me)
      : kind === 'partner'
        ? access.partnerEdit(me)
        : access.tenantEdit(me);
  const canDelete = can(me, `${k.resource}.delete`);
  const canMove = kind !== 'distributor' && can(me, `${k.resource}.move`);
  return (
    <>
      <PageHeader
        title={org?.name ?? k.label}
        back={{ to: k.path, label: k.plural }}
        actions={
          org && (
            <>
              {canEdit && (
                <Button
                  component={Link}
                  to={`${k.path}/${org.id}/edit`}
                  leftSection={<IconPencil size={16} aria-hidden />}
                >
                  Edit
                </Button>
              )}
              {kind === 'tenant' && access.tenantCreate(me) && (
                <Button component={Link} to={`/tenants/onboarding?tenant=${org.id}`} variant="default">
                  Continue onboarding
                </Button>
              )}
              {kind === 'partner' && access.partnerBranding(me) && (
                <Button component={Link} to={`/partners/${org.id}/branding`} variant="default">
                  Branding
                </Button>
              )}
              {canMove && <MoveButton kind={kind as 'partner' | 'tenant'} org={org as Partner | Tenant} />}
              {canDelete && (
                <ConfirmButton
                  label="Delete"
                  title={`Delete ${lower(k.label)} “${org.name}”?`}
                  message={
                    <>
                      {`The ${lower(k.label)} is removed from every list; its history stays in the audit log. This is refused while it still has ${lower(labels[kind === 'tenant' ? 'subscription' : kind === 'partner' ? 'tenant' : 'partner'].plural)}.`}{' '}
                      <UsersDeletedWith orgId={org.id} />
                    </>
                  }
                  confirmLabel="Delete"
                  success={`${k.label} “${org.name}” was deleted.`}
                  onConfirm={() => ORG_API[kind].remove(org.id)}
                  onDone={() => {
                    navigate(k.path);
                    for (const queryKey of keys.lists(k.resource))
                      void queryClient.invalidateQueries({ queryKey });
                  }}
                />
              )}
            </>
          )
        }
      />
      <NewAdministratorsNotice />
      <QueryState query={query}>
        {(o) => (
          <Stack gap="lg">
            <Section title="Details">
              <DetailList
                items={[
                  ...(kind === 'partner' && 'distributorId' in o && o.distributorId
                    ? [
                        {
                          label: labels.distributor.singular,
                          value: (
                            <ParentName id={o.distributorId} name={(o as Partner).distributorName} me={me} />
                          ),
                        },
                      ]
                    : []),
                  ...(kind === 'tenant' && 'partnerId' in o && o.partnerId
                    ? [
                        {
                          label: labels.partner.singular,
                          value: <ParentName id={o.partnerId} name={(o as Tenant).partnerName} me={me} />,
                        },
                      ]
                    : []),
                  { label: 'Currency', value: o.currency },
                  ...(kind === 'tenant'
                    ? [
                        { label: 'Directory', value: (o as Tenant).directoryId },
                        { label: 'Billing mode', value: (o as Tenant).billingMode },
                        ...('taxProfileId' in o
                          ? [
                              {
                                label: 'Tax profile',
                                value: (o as Tenant).taxProfileId ? (
                                  <Anchor component={Link} to={`/tax-profiles/${(o as Tenant).taxProfileId}`}>
                                    Its own profile
                                  </Anchor>
                                ) : (
                                  'Default tax profile'
                                ),
                              },
                            ]
                          : []),
                        {
                          label: 'Payment terms',
                          value:
                            (o as Tenant).paymentTermsDays === null
                              ? 'Platform default'
                              : `${(o as Tenant).paymentTermsDays} days`,
                        },
                      ]
                    : []),
                  { label: 'Main contact', value: contactText(o.contact) },
                  { label: 'Billing contact', value: contactText(o.billingContact) },
                  {
                    label: 'Billing address',
                    value:
                      [
                        o.address.line1,
                        o.address.line2,
                        o.address.city,
                        o.address.region,
                        o.address.postalCode,
                        o.address.country,
                      ]
                        .filter(Boolean)
                        .join(', ') || null,
                  },
                  { label: 'Created', value: <Timestamp value={o.createdAt} /> },
                  { label: 'Updated', value: <Timestamp value={o.updatedAt} /> },
                  { label: 'Id', value: <span className="mono">{o.id}</span> },
                ]}
              />
            </Section>
            <Section
              title="Administrators"
              actions={
                canEdit && (
                  <Button
                    component={Link}
                    to={`${k.path}/${o.id}/edit`}
                    size="xs"
                    variant="default"
                    leftSection={<IconPlus size={14} aria-hidden />}
                  >
                    Add administrators
                  </Button>
                )
              }
            >
              {o.administrators && o.administrators.length > 0 ? (
                <Table aria-label="Administrators">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Name</Table.Th>
                      <Table.Th scope="col">E-mail</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {o.administrators.map((a) => (
                      <Table.Tr key={a.id}>
                        <Table.Td>{personName(a)}</Table.Td>
                        <Table.Td>
                          {access.users(me) ? (
                            <Anchor component={Link} to={`/users/${a.id}`}>
                              {a.email}
                            </Anchor>
                          ) : (
                            a.email
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              ) : (
                <Badge color="orange" variant="dot" size="md">
                  No active administrator
                </Badge>
              )}
            </Section>
            {kind === 'tenant' && <IdentityHealth tenantId={o.id} me={me} />}
            {kind === 'tenant' && can(me, 'tenants.costToDate') && can(me, 'tenants.ratedLines') && (
              <TenantCost tenantId={o.id} me={me} />
            )}
            {kind === 'tenant' && access.adjustments(me) && (
              <AdjustmentsSection scope={{ tenantId: o.id }} me={me} />
            )}
            <Children kind={kind} org={o} me={me} />
            {access.users(me) && <Users org={o} />}
          </Stack>
        )}
      </QueryState>
    </>
  );
}

/** Relationships → <kind>: the paged, searchable list. */
export function OrganisationListPage({ kind }: { kind: Kind }) {
  const me = useCurrentMe();
  const k = useKind(kind);
  const labels = useLabels();
  const canCreate =
    kind === 'distributor'
      ? access.distributorCreate(me)
      : kind === 'partner'
        ? access.partnerCreate(me)
        : access.tenantCreate(me);
  const createButton = canCreate && (
    <>
      <Button component={Link} to={`${k.path}/new`} leftSection={<IconPlus size={16} aria-hidden />}>
        Create
      </Button>
      {/* Seed 003 "Tenant Onboarding": tenant → tenant administrator → first subscription. */}
      {kind === 'tenant' && (
        <Button component={Link} to="/tenants/onboarding" variant="default">
          Onboard
        </Button>
      )}
    </>
  );
  // Filter by parent: the levels between the viewer and the listed kind (kept in the address).
  const [search, setSearch] = useSearchParams();
  const parentKind =
    kind === 'partner' && me.organisation.kind === 'platform'
      ? ('distributor' as const)
      : kind === 'tenant' && (me.organisation.kind === 'platform' || me.organisation.kind === 'distributor')
        ? ('partner' as const)
        : null;
  const parentParam = parentKind === 'distributor' ? 'distributorId' : 'partnerId';
  const parentId = parentKind ? search.get(parentParam) : null;
  const setParentId = (id: string | null) =>
    setSearch((prev) => {
      const next = new URLSearchParams(prev);
      if (id) next.set(parentParam, id);
      else next.delete(parentParam);
      next.delete('cursor');
      next.delete('page');
      return next;
    });
  const parentFilter = parentId ? { [parentParam]: parentId } : {};
  const [listParams, setListParams] = useState({ q: '', sort: 'name' });
  const exportHref =
    kind === 'distributor'
      ? ORG_API.distributor.exportUrl(listParams)
      : kind === 'partner'
        ? ORG_API.partner.exportUrl({ ...listParams, ...parentFilter })
        : ORG_API.tenant.exportUrl({ ...listParams, ...parentFilter });
  const movable = kind !== 'distributor' && can(me, `${k.resource}.move`);
  const selection = useSelection<AnyOrganisation>();
  const parentColumn =
    kind === 'partner' && me.organisation.kind === 'platform'
      ? [
          {
            key: 'parent',
            header: labels.distributor.singular,
            render: (r: AnyOrganisation) =>
              'distributorId' in r && r.distributorId ? <OrgName id={r.distributorId} me={me} /> : '—',
          },
        ]
      : kind === 'tenant' && (me.organisation.kind === 'platform' || me.organisation.kind === 'distributor')
        ? [
            {
              key: 'parent',
              header: labels.partner.singular,
              render: (r: AnyOrganisation) =>
                'partnerId' in r && r.partnerId ? <OrgName id={r.partnerId} me={me} /> : '—',
            },
          ]
        : [];
  return (
    <>
      <PageHeader
        title={k.plural}
        actions={
          <>
            {movable && (
              <BulkMoveButton
                kind={kind as 'partner' | 'tenant'}
                selected={selection.items}
                currentParentId={parentId ?? undefined}
                onDone={selection.clear}
              />
            )}
            <Button
              component="a"
              href={exportHref}
              download
              variant="default"
              leftSection={<IconDownload size={16} aria-hidden />}
            >
              Export CSV
            </Button>
            {createButton}
          </>
        }
      />
      <ListView<AnyOrganisation>
        label={k.plural}
        queryKey={(p) => keys.list(k.resource, { ...p, ...parentFilter })}
        fetchPage={(p) =>
          kind === 'distributor'
            ? ORG_API.distributor.list(p)
            : kind === 'partner'
              ? ORG_API.partner.list({ ...p, ...parentFilter })
              : ORG_API.tenant.list({ ...p, ...parentFilter })
        }
        filters={
          parentKind && (
            <OrganisationSelect
              kind={parentKind}
              label={labels[parentKind].singular}
              placeholder={`Any ${lower(labels[parentKind].singular)}`}
              value={parentId}
              onChange={setParentId}
              clearable
            />
          )
        }
        filterKey={parentId}
        onParamsChange={setListParams}
        {...(movable ? { selection: selection.prop } : {})}
        rowKey={(r) => r.id}
        defaultSort="name"
        searchLabel={`Search ${lower(k.plural)}`}
        emptyTitle={`No ${lower(k.plural)} yet`}
        emptyText={canCreate ? `Select Create to add the first ${lower(k.label)}.` : undefined}
        emptyAction={createButton || undefined}
        columns={[
          {
            key: 'name',
            header: 'Name',
            sortField: 'name',
            render: (r) => (
              <Anchor component={Link} to={`${k.path}/${r.id}`}>
                {r.name}
              </Anchor>
            ),
          },
          ...parentColumn,
          { key: 'currency', header: 'Currency', render: (r) => r.currency },
          { key: 'contact', header: 'Contact', render: (r) => r.contact.email ?? r.contact.name ?? '—' },
          {
            key: 'created',
            header: 'Created',
            sortField: 'createdAt',
            render: (r) => <Timestamp value={r.createdAt} />,
          },
        ]}
      />
    </>
  );
}
