import { Anchor, Button, Group, Select } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { keys } from '../../api/keys.ts';
import type { OrgKind } from '../../api/types.ts';
import { type Role, type UserFilters, type UserStatus, usersApi } from '../../api/users.ts';
import { access, RANK } from '../../app/access.ts';
import { levelLabel, roleLabel, useLabels } from '../../app/labels.ts';
import { useCurrentMe } from '../../app/me-context.ts';
import {
  personName,
  Timestamp,
  USER_STATUS_NAMES,
  UserFlags,
  UserStatusBadge,
} from '../../components/format.tsx';
import { ListView } from '../../components/ListView.tsx';
import { type ChildKind, KnownOrgName, OrganisationSelect } from '../../components/orgs.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ROLE_OPTIONS } from './UserFields.tsx';

const STATUS_OPTIONS = (Object.keys(USER_STATUS_NAMES) as UserStatus[]).map((value) => ({
  value,
  label: USER_STATUS_NAMES[value],
}));

/** Settings → Users: everyone in the signed-in user's scope, one request per page. */
export default function UsersPage() {
  const me = useCurrentMe();
  const labels = useLabels();
  const [status, setStatus] = useState<UserStatus | null>(null);
  const [role, setRole] = useState<Role | null>(null);
  const [level, setLevel] = useState<OrgKind | null>(null);
  const [orgId, setOrgId] = useState<string | null>(null);
  const levels = (Object.keys(RANK) as OrgKind[]).filter((k) => RANK[k] >= RANK[me.organisation.kind]);
  const filters: UserFilters = {
    ...(status ? { status } : {}),
    ...(role ? { role } : {}),
    ...(level ? { level } : {}),
    ...(orgId ? { orgId } : {}),
  };
  const createButton = access.userCreate(me) && (
    <Button component={Link} to="/users/new" leftSection={<IconPlus size={16} aria-hidden />}>
      Create
    </Button>
  );
  return (
    <>
      <PageHeader title="Users" actions={createButton} />
      <ListView
        label="Users"
        queryKey={(p) => keys.list('users', { ...p, ...filters })}
        fetchPage={(p) => usersApi.list({ ...p, ...filters })}
        filterKey={filters}
        rowKey={(r) => r.id}
        defaultSort="email"
        searchLabel="Search users"
        emptyTitle="No users"
        filters={
          <>
            <Select
              label="Status"
              placeholder="Any status"
              clearable
              data={STATUS_OPTIONS}
              value={status}
              onChange={(v) => setStatus(v as UserStatus | null)}
              w={160}
            />
            <Select
              label="Role"
              placeholder="Any role"
              clearable
              data={ROLE_OPTIONS}
              value={role}
              onChange={(v) => setRole(v as Role | null)}
              w={160}
            />
            {levels.length > 1 && (
              <Select
                label="Level"
                placeholder="Any level"
                clearable
                data={levels.map((k) => ({ value: k, label: levelLabel(k, labels) }))}
                value={level}
                onChange={(v) => {
                  setLevel(v as OrgKind | null);
                  setOrgId(null);
                }}
                w={160}
              />
            )}
            {level && level !== me.organisation.kind && (
              <OrganisationSelect
                kind={level as ChildKind}
                label={levelLabel(level, labels)}
                value={orgId}
                onChange={setOrgId}
              />
            )}
          </>
        }
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
            key: 'org',
            header: 'Organisation',
            render: (r) => <KnownOrgName id={r.orgId} name={r.orgName} me={me} />,
          },
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
          { key: 'signin', header: 'Last sign-in', render: (r) => <Timestamp value={r.lastSignInAt} /> },
        ]}
      />
    </>
  );
}
