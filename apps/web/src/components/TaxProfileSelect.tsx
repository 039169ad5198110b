import { Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { taxProfilesApi } from '../api/billing.ts';
import { keys } from '../api/keys.ts';

/**
 * A tax profile, or '' for "the default": a tenant's own profile (the tenant form) and the Default
 * Tax Profile setting (System Settings). One request: the first 200 profiles by name, which is
 * every profile a platform keeps.
 */
export function TaxProfileSelect({
  value,
  onChange,
  error,
  label = 'Tax profile',
  description = 'Empty: the Default Tax Profile (System Settings → Billing)',
  emptyLabel = 'Default tax profile',
  disabled,
}: {
  value: string;
  onChange: (id: string) => void;
  error?: ReactNode;
  label?: ReactNode;
  description?: ReactNode;
  emptyLabel?: string;
  disabled?: boolean;
}) {
  const query = useQuery({
    queryKey: keys.list('taxProfiles', { limit: 200, sort: 'name' }),
    queryFn: () => taxProfilesApi.list({ limit: 200, sort: 'name' }),
  });
  const profiles = query.data?.items ?? [];
  // A profile not in the first page still shows as its id rather than as "default".
  const known = value === '' || profiles.some((p) => p.id === value);
  return (
    <Select
      label={label}
      description={description}
      error={error}
      disabled={disabled}
      searchable
      allowDeselect={false}
      data={[
        { value: '', label: emptyLabel },
        ...profiles.map((p) => ({ value: p.id, label: p.exempt ? `${p.name} (exempt)` : p.name })),
        ...(known ? [] : [{ value, label: value }]),
      ]}
      value={value}
      onChange={(v) => onChange(v ?? '')}
    />
  );
}
