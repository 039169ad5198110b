import { Badge, Group } from '@mantine/core';
import type { User } from '../api/types.ts';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function Timestamp({ value, date = false }: { value: string | null | undefined; date?: boolean }) {
  if (!value) return <>—</>;
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) return <>{value}</>;
  return (
    <time dateTime={value} title={value}>
      {(date ? dateOnly : dateTime).format(parsed)}
    </time>
  );
}

export function personName(person: {
  firstName: string | null;
  lastName: string | null;
  email: string;
}): string {
  const name = [person.firstName, person.lastName].filter(Boolean).join(' ');
  return name || person.email;
}

export const USER_STATUS_NAMES: Record<User['status'], string> = {
  invited: 'Invited',
  active: 'Active',
  disabled: 'Disabled',
  locked_out: 'Locked out',
};
const USER_STATUS_COLORS: Record<User['status'], string> = {
  invited: 'blue',
  active: 'green',
  disabled: 'gray',
  locked_out: 'red',
};

/** The user's state as the server computes it: Invited, Active, Disabled or Locked out (until when). */
export function UserStatusBadge({ user }: { user: User }) {
  const until =
    user.status === 'locked_out' && user.lockedUntil
      ? ` until ${dateTime.format(new Date(user.lockedUntil))}`
      : '';
  return (
    <Badge color={USER_STATUS_COLORS[user.status]} variant="dot" size="md">
      {USER_STATUS_NAMES[user.status]}
      {until}
    </Badge>
  );
}

/** The user's sign-in toggles beside the state: MFA Required, Federated Only. */
export function UserFlags({ user }: { user: User }) {
  const flags: { label: string; color: string }[] = [];
  if (user.mfaRequired) flags.push({ label: 'MFA required', color: 'blue' });
  if (user.federatedOnly) flags.push({ label: 'Federated only', color: 'violet' });
  if (flags.length === 0) return null;
  return (
    <Group gap={4}>
      {flags.map((f) => (
        <Badge key={f.label} color={f.color} variant="dot" size="md">
          {f.label}
        </Badge>
      ))}
    </Group>
  );
}

const STATUS_COLORS: Record<string, string> = { active: 'green', suspended: 'orange', cancelled: 'gray' };

export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge color={STATUS_COLORS[status] ?? 'gray'} variant="dot" size="md">
      {status}
    </Badge>
  );
}
