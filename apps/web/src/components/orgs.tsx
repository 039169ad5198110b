import { Anchor, SegmentedControl, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { keys } from '../api/keys.ts';
import { distributorsApi, partnersApi, tenantsApi } from '../api/organisations.ts';
import type { Me, OrgKind } from '../api/types.ts';
import { RANK } from '../app/access.ts';
import { levelLabel, useLabels } from '../app/labels.ts';
import { type Option, RemoteSelect } from './RemoteSelect.tsx';

export type ChildKind = Exclude<OrgKind, 'platform'>;

/** The kind of organisation an id names, from its prefix. */
export function kindOfId(id: string): OrgKind {
  if (id.startsWith('dst_')) return 'distributor';
  if (id.startsWith('ptn_')) return 'partner';
  if (id.startsWith('ten_')) return 'tenant';
  return 'platform';
}

const RESOURCE = { distributor: 'distributors', partner: 'partners', tenant: 'tenants' } as const;

export function getOrganisation(kind: ChildKind, id: string) {
  return kind === 'distributor'
    ? distributorsApi.get(id)
    : kind === 'partner'
      ? partnersApi.get(id)
      : tenantsApi.get(id);
}

export function searchOrganisations(kind: ChildKind, q: string): Promise<Option[]> {
  const params = { limit: 20, q, sort: 'name' };
  const list =
    kind === 'distributor'
      ? distributorsApi.list(params)
      : kind === 'partner'
        ? partnersApi.list(params)
        : tenantsApi.list(params);
  return list.then((page) => page.items.map((o) => ({ value: o.id, label: o.name })));
}

/** The name of an organisation by id (fetched and cached), linked to its page when the viewer has one. */
export function OrgName({ id, me, link = true }: { id: string; me: Me; link?: boolean }) {
  const kind = kindOfId(id);
  const own = id === me.organisation.id;
  const query = useQuery({
    queryKey: kind === 'platform' ? ['platform'] : keys.detail(RESOURCE[kind], id),
    queryFn: () => getOrganisation(kind as ChildKind, id),
    enabled: kind !== 'platform' && !own,
    staleTime: 60_000,
  });
  if (own) return <>{me.organisation.name}</>;
  if (kind === 'platform') return <>Platform</>;
  const name = query.data?.name ?? (query.isError ? id : '…');
  if (!link || RANK[me.organisation.kind] >= RANK[kind] || !query.data) return <>{name}</>;
  return (
    <Anchor component={Link} to={`/${RESOURCE[kind]}/${id}`}>
      {name}
    </Anchor>
  );
}

/** An organisation whose name the caller already has (e.g. a user's `orgName`), linked like OrgName without a request. */
export function KnownOrgName({ id, name, me }: { id: string; name: string; me: Me }) {
  const kind = kindOfId(id);
  if (kind === 'platform' || RANK[me.organisation.kind] >= RANK[kind]) return <>{name}</>;
  return (
    <Anchor component={Link} to={`/${RESOURCE[kind]}/${id}`}>
      {name}
    </Anchor>
  );
}

/** Picks one organisation of a given kind, searched on the server. */
export function OrganisationSelect({
  kind,
  value,
  onChange,
  label,
  error,
  required,
  description,
  exclude,
  clearable,
  placeholder,
}: {
  kind: ChildKind;
  value: string | null;
  onChange: (id: string | null) => void;
  label: string;
  error?: React.ReactNode;
  required?: boolean;
  description?: string;
  /** Ids not to offer (e.g. where the moved organisation already is). */
  exclude?: readonly string[];
  clearable?: boolean;
  placeholder?: string;
}) {
  return (
    <RemoteSelect
      cacheKey={[RESOURCE[kind], 'options', { exclude: exclude ?? [] }]}
      value={value}
      onChange={onChange}
      search={(q) =>
        searchOrganisations(kind, q).then((options) => options.filter((o) => !exclude?.includes(o.value)))
      }
      lookup={(id) => getOrganisation(kind, id).then((o) => ({ value: o.id, label: o.name }))}
      label={label}
      placeholder={placeholder ?? `Search ${RESOURCE[kind]}`}
      error={error}
      required={required ?? false}
      description={description}
      clearable={clearable ?? false}
    />
  );
}

/**
 * A user's scope: the level (the viewer's own or one below it) and the organisation at that level.
 * A null level shows no choice made yet (a new user's form does not pick one for the user).
 */
export function ScopePicker({
  me,
  level,
  orgId,
  onChange,
  error,
}: {
  me: Me;
  level: OrgKind | null;
  orgId: string | null;
  onChange: (level: OrgKind, orgId: string | null) => void;
  error?: React.ReactNode;
}) {
  const labels = useLabels();
  // Four levels side by side do not fit a phone: stacked there.
  const narrow = useMediaQuery('(max-width: 36em)');
  const levels = (Object.keys(RANK) as OrgKind[]).filter((k) => RANK[k] >= RANK[me.organisation.kind]);
  return (
    <Stack gap="xs">
      <div>
        <Text size="sm" fw={500} id="scope-level-label" mb={4}>
          Scope
        </Text>
        <SegmentedControl
          aria-labelledby="scope-level-label"
          orientation={narrow ? 'vertical' : 'horizontal'}
          fullWidth={narrow}
          data={levels.map((k) => ({ value: k, label: levelLabel(k, labels) }))}
          value={level ?? ''}
          onChange={(value) => {
            const next = value as OrgKind;
            onChange(next, next === me.organisation.kind ? me.organisation.id : null);
          }}
        />
      </div>
      {level === null ? null : level === me.organisation.kind ? (
        <Text size="sm">
          {levelLabel(level, labels)}: <strong>{me.organisation.name}</strong>
        </Text>
      ) : (
        <OrganisationSelect
          kind={level as ChildKind}
          value={orgId}
          onChange={(id) => onChange(level, id)}
          label={levelLabel(level, labels)}
          error={error}
          required
        />
      )}
      {(level === null || level === me.organisation.kind) && error && (
        <Text size="sm" c="red" role="alert">
          {error}
        </Text>
      )}
    </Stack>
  );
}
