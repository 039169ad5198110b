import { Alert, Badge, Button, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../api/errors.ts';
import { identityChecksApi } from '../../api/identity-checks.ts';
import { keys } from '../../api/keys.ts';
import type { IdentityCheck, Me } from '../../api/types.ts';
import { can } from '../../app/access.ts';
import { Timestamp } from '../format.tsx';
import { QueryState } from '../states.tsx';

const SEVERITY_COLORS = { info: 'blue', warning: 'orange', critical: 'red' } as const;

const KIND_LABELS: Record<IdentityCheck['problems'][number]['kind'], string> = {
  directory_mismatch: 'Directory mismatch',
  directory_unresolved: 'Directory unresolved',
  identity_provider_unreachable: 'Identity provider unreachable',
  no_active_admin: 'No active administrator',
};

const TRIGGERS: Record<NonNullable<IdentityCheck['trigger']>, string> = {
  schedule: 'daily check',
  manual: 'Check now',
  onboarding: 'first administrator',
};

/**
 * The tenant page's "Identity health" panel (product.md §4): the last identity health check with
 * its problems and notes, and "Check now" for those who may run it.
 */
export function IdentityHealth({ tenantId, me }: { tenantId: string; me: Me }) {
  const queryClient = useQueryClient();
  const queryKey = keys.detail('identityChecks', tenantId);
  const query = useQuery({ queryKey, queryFn: () => identityChecksApi.get(tenantId) });
  const run = useMutation({
    mutationFn: () => identityChecksApi.run(tenantId),
    onSuccess: (result) => {
      queryClient.setQueryData(queryKey, result);
      void queryClient.invalidateQueries({ queryKey: keys.all('alerts') });
    },
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="identity-health">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="identity-health">
          Identity health
        </Title>
        {can(me, 'tenants.identityCheckRun') && (
          <Button
            size="xs"
            variant="default"
            leftSection={<IconRefresh size={14} aria-hidden />}
            loading={run.isPending}
            onClick={() => run.mutate()}
          >
            Check now
          </Button>
        )}
      </Group>
      {run.isError && (
        <Alert color="red" mb="sm" role="alert">
          {errorMessage(run.error)}
        </Alert>
      )}
      <QueryState query={query}>{(check) => <CheckResult check={check} />}</QueryState>
    </Paper>
  );
}

function CheckResult({ check }: { check: IdentityCheck }) {
  if (check.status === 'never_checked') {
    return <Text c="dimmed">Not checked yet.</Text>;
  }
  return (
    <Stack gap="sm">
      <Group gap="xs">
        {check.status === 'ok' ? (
          <Badge color="green" variant="dot" size="md">
            No problems
          </Badge>
        ) : (
          <Badge color="orange" variant="dot" size="md">
            {check.problems.length === 1 ? '1 problem' : `${check.problems.length} problems`}
          </Badge>
        )}
        <Text size="sm" c="dimmed">
          Checked <Timestamp value={check.checkedAt} />
          {check.trigger ? ` (${TRIGGERS[check.trigger]})` : ''}
          {check.alertsRaised ? '' : '; alerts are off (Perform Tenant Identity Health Checks)'}
        </Text>
      </Group>
      {check.problems.length > 0 && (
        <List spacing="xs" aria-label="Identity problems">
          {check.problems.map((problem) => (
            <List.Item key={`${problem.kind}-${problem.subject ?? 'tenant'}`}>
              <Badge color={SEVERITY_COLORS[problem.severity]} variant="light" mr="xs">
                {KIND_LABELS[problem.kind]}
              </Badge>
              {problem.message}
            </List.Item>
          ))}
        </List>
      )}
      {check.notes.length > 0 && (
        <List size="sm" c="dimmed" spacing={4} aria-label="Not checked">
          {check.notes.map((note) => (
            <List.Item key={note.message}>{note.message}</List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}
