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

/** The user's toggles as badges: Disabled, Locked Out, MFA Required, Federated Only. */
export function UserFlags({ user }: { user: User }) {
  const flags: { label: string; color: string }[] = [];
  if (user.disabled) flags.push({ label: 'Disabled', color: 'gray' });
  if (user.lockedOut) {
    const until = user.lockedUntil ? ` until ${dateTime.format(new Date(user.lockedUntil))}` : '';
    flags.push({ label: `Locked out${until}`, color: 'red' });
  }
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
