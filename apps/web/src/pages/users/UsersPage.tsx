import { Anchor, Button, Select } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { keys } from '../../api/keys.ts';
import { type Role, usersApi } from '../../api/users.ts';
import { access } from '../../app/access.ts';
import { roleLabel, useLabels } from '../../app/labels.ts';
import { useCurrentMe } from '../../app/me-context.ts';
import { personName, Timestamp, UserFlags } from '../../components/format.tsx';
import { ListView } from '../../components/ListView.tsx';
import { OrgName } from '../../components/orgs.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ROLE_OPTIONS } from './UserFields.tsx';

/** Settings → Users: everyone in the signed-in user's scope. */
export default function UsersPage() {
  const me = useCurrentMe();
  const labels = useLabels();
  const [role, setRole] = useState<Role | null>(null);
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
        queryKey={(p) => keys.list('users', { ...p, role })}
        fetchPage={(p) => usersApi.list({ ...p, ...(role ? { role } : {}) })}
        filterKey={role}
        rowKey={(r) => r.id}
        defaultSort="email"
        searchLabel="Search users"
        emptyTitle="No users"
        filters={
          <Select
            label="Role"
            placeholder="Any role"
            clearable
            data={ROLE_OPTIONS}
            value={role}
            onChange={(v) => setRole(v as Role | null)}
            w={180}
          />
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
          { key: 'org', header: 'Organisation', render: (r) => <OrgName id={r.orgId} me={me} /> },
          { key: 'flags', header: 'Status', render: (r) => <UserFlags user={r} /> },
          { key: 'signin', header: 'Last sign-in', render: (r) => <Timestamp value={r.lastSignInAt} /> },
        ]}
      />
    </>
  );
}
