import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';

export interface Option {
  value: string;
  label: string;
}

interface RemoteSelectProps
  extends Omit<SelectProps, 'data' | 'value' | 'onChange' | 'searchValue' | 'onSearchChange' | 'filter'> {
  /** Cache key prefix for this picker's queries, e.g. ['partners', 'options']. */
  cacheKey: readonly unknown[];
  value: string | null;
  onChange: (value: string | null) => void;
  /** Options matching the search text (the server searches). */
  search: (q: string) => Promise<Option[]>;
  /** The option of a value that is not among the loaded ones (to show its label). */
  lookup: (value: string) => Promise<Option>;
  /**
   * Ask nothing until the field is opened or typed in: for an optional field on a page whose
   * requests are already counted (at most five per page load).
   */
  lazy?: boolean;
}

/** A searchable select whose options come from a list endpoint, searched on the server. */
export function RemoteSelect({
  cacheKey,
  value,
  onChange,
  search,
  lookup,
  lazy = false,
  ...props
}: RemoteSelectProps) {
  const [text, setText] = useState('');
  const [opened, setOpened] = useState(false);
  const [debounced] = useDebouncedValue(text, 250);
  // The select writes the chosen option's label into its search box; that is not a search (it
  // would ask the server again for what is already shown), so it searches for everything.
  const selectedLabel = useRef<string | null>(null);
  const term = debounced === selectedLabel.current ? '' : debounced;
  const options = useQuery({
    queryKey: [...cacheKey, 'search', term],
    queryFn: () => search(term),
    enabled: !lazy || opened || text !== '' || value !== null,
    staleTime: 30_000,
  });
  const known = options.data?.some((o) => o.value === value) ?? false;
  const selected = useQuery({
    queryKey: [...cacheKey, 'lookup', value],
    queryFn: () => lookup(value!),
    // Only once the first options are in and the value is not among them (usually it is).
    enabled: value !== null && !options.isPending && !known,
    staleTime: 60_000,
  });
  const data = useMemo(() => {
    const list = [...(options.data ?? [])];
    if (selected.data && !list.some((o) => o.value === selected.data.value)) list.unshift(selected.data);
    return list;
  }, [options.data, selected.data]);
  selectedLabel.current = data.find((o) => o.value === value)?.label ?? selectedLabel.current;
  return (
    <Select
      {...props}
      searchable
      data={data}
      value={value}
      onChange={(v) => onChange(v)}
      searchValue={text}
      onSearchChange={setText}
      filter={({ options: all }) => all}
      onDropdownOpen={() => setOpened(true)}
      nothingFoundMessage={
        options.isFetching ? 'Searching…' : options.isError ? 'Could not load' : 'Nothing found'
      }
    />
  );
}
