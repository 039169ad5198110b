import { type TierDraft, tierTableProblems } from '@cms/billing';
import {
  ActionIcon,
  Alert,
  Button,
  Group,
  List,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';

/** A tier as the editor holds it: text as typed ('' To: open-ended). */
export interface TierRow {
  from: string;
  to: string;
  rate: string;
}

export const toDrafts = (rows: TierRow[]): TierDraft[] =>
  rows.map((r) => ({
    from: r.from.trim(),
    to: r.to.trim() === '' ? null : r.to.trim(),
    rate: r.rate.trim(),
  }));

/** The problems of the table as typed: the same function the server refuses a table with. */
export function tierProblems(rows: TierRow[]) {
  return tierTableProblems(toDrafts(rows));
}

/**
 * The tier table of a graduated or volume item: From < q ≤ To, each From the previous To, the last
 * open-ended. Gaps, overlaps and the other problems show at the field and in a list as you type.
 */
export function TierEditor({ rows, onChange }: { rows: TierRow[]; onChange: (rows: TierRow[]) => void }) {
  const problems = tierProblems(rows);
  const at = (index: number, field: 'from' | 'to' | 'rate') =>
    problems.find((p) => p.index === index && p.field === field)?.message;
  const set = (index: number, field: keyof TierRow, value: string) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, [field]: value } : row)));
  const add = () => {
    const last = rows[rows.length - 1];
    // The new tier starts where the last one ends; the last one then needs a To.
    onChange([...rows, { from: last?.to ?? (last ? '' : '0'), to: '', rate: '' }]);
  };
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500} id="tiers-label">
        Tiers
      </Text>
      <Text size="xs" c="dimmed">
        A tier covers quantities above From up to and including To. The first starts at 0, each next one at
        the previous To; leave To empty on the last tier.
      </Text>
      <Table aria-labelledby="tiers-label" withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>#</Table.Th>
            <Table.Th>From</Table.Th>
            <Table.Th>To</Table.Th>
            <Table.Th>Rate</Table.Th>
            <Table.Th>
              <VisuallyHidden>Remove</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: tiers are positional (their index is their identity)
            <Table.Tr key={i} data-tier={i}>
              <Table.Td>{i + 1}</Table.Td>
              <Table.Td>
                <TextInput
                  aria-label={`Tier ${i + 1} from`}
                  value={row.from}
                  inputMode="decimal"
                  onChange={(e) => set(i, 'from', e.currentTarget.value)}
                  error={at(i, 'from')}
                />
              </Table.Td>
              <Table.Td>
                <TextInput
                  aria-label={`Tier ${i + 1} to`}
                  value={row.to}
                  inputMode="decimal"
                  placeholder={i === rows.length - 1 ? 'open-ended' : ''}
                  onChange={(e) => set(i, 'to', e.currentTarget.value)}
                  error={at(i, 'to')}
                />
              </Table.Td>
              <Table.Td>
                <TextInput
                  aria-label={`Tier ${i + 1} rate`}
                  value={row.rate}
                  inputMode="decimal"
                  onChange={(e) => set(i, 'rate', e.currentTarget.value)}
                  error={at(i, 'rate')}
                />
              </Table.Td>
              <Table.Td>
                <ActionIcon
                  variant="subtle"
                  color="red.9"
                  aria-label={`Remove tier ${i + 1}`}
                  onClick={() => onChange(rows.filter((_, j) => j !== i))}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group>
        <Button variant="default" size="xs" leftSection={<IconPlus size={14} />} onClick={add}>
          Add tier
        </Button>
      </Group>
      {problems.length > 0 && (
        <Alert color="orange" variant="light" title="The tiers are not valid yet" data-state="tier-problems">
          <List size="sm">
            {problems.map((p) => (
              <List.Item key={`${p.index}-${p.field}-${p.kind}`}>{p.message}</List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Stack>
  );
}
