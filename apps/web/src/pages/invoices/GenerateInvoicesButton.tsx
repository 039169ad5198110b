import { Badge, Button, CloseButton, Group, Modal, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { useRef, useState } from 'react';
import { invoicesApi } from '../../api/invoices.ts';
import { useLabels } from '../../app/labels.ts';
import { FormError, useFormSubmit } from '../../components/forms.tsx';
import { searchOrganisations } from '../../components/orgs.tsx';
import { type Option, RemoteSelect } from '../../components/RemoteSelect.tsx';
import { JobFollower } from '../jobs/job-parts.tsx';
import { PERIOD } from './invoice-logic.ts';

/** Last month as YYYY-MM (the browser's calendar): invoices are made for the month just ended. */
export function previousPeriod(now = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

interface Values {
  period: string;
  scope: 'all' | 'chosen';
  tenants: Option[];
}

/**
 * "Generate": previews for a period, for every tenant the user bills or chosen ones, as an
 * invoices.generate job whose progress the dialog follows; then `onFinished` refreshes the list.
 */
export function GenerateInvoicesButton({ onFinished }: { onFinished: () => void }) {
  const labels = useLabels();
  const [opened, dialog] = useDisclosure(false);
  const [jobId, setJobId] = useState<string | null>(null);
  // The names of the tenants the search offered, for the chosen ones' badges.
  const seen = useRef(new Map<string, string>());
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { period: previousPeriod(), scope: 'all', tenants: [] },
    validate: {
      period: (v) => (PERIOD.test(v) ? null : 'Enter the month as YYYY-MM.'),
      tenants: (v, all) =>
        all.scope === 'chosen' && v.length === 0
          ? `Choose at least one ${labels.tenant.singular.toLowerCase()}.`
          : null,
    },
  });
  const submit = useFormSubmit(
    form,
    (values: Values) =>
      invoicesApi.generate({
        period: values.period,
        ...(values.scope === 'chosen' ? { tenantIds: values.tenants.map((t) => t.value) } : {}),
      }),
    {
      onSuccess: (generation) => setJobId(generation.id),
      rename: (field) => (field.startsWith('body.tenantIds') ? 'tenants' : field.replace(/^body\./, '')),
    },
  );
  const close = () => {
    dialog.close();
    setJobId(null);
  };
  const chosen = form.values.tenants;
  return (
    <>
      <Button onClick={dialog.open}>Generate</Button>
      <Modal opened={opened} onClose={close} title="Generate invoices" centered>
        {jobId ? (
          <JobFollower
            id={jobId}
            onFinished={onFinished}
            failedTitle="The generation failed"
            doneText="The previews are ready; the list shows them."
            onClose={close}
          />
        ) : (
          <form onSubmit={submit.onSubmit} noValidate>
            <Stack>
              <Text size="sm">
                Makes a preview for each {labels.tenant.singular.toLowerCase()} with something to bill in the
                period (each region's local month), replacing an earlier preview; issued invoices are not
                touched.
              </Text>
              <TextInput
                type="month"
                label="Period"
                description="YYYY-MM"
                required
                {...form.getInputProps('period')}
              />
              <Radio.Group label={labels.tenant.plural} {...form.getInputProps('scope')}>
                <Stack gap="xs" mt="xs">
                  <Radio value="all" label={`Every ${labels.tenant.singular.toLowerCase()} I bill`} />
                  <Radio value="chosen" label={`Chosen ${labels.tenant.plural.toLowerCase()}`} />
                </Stack>
              </Radio.Group>
              {form.values.scope === 'chosen' && (
                <Stack gap="xs">
                  <RemoteSelect
                    cacheKey={['tenants', 'options', 'invoice-generation']}
                    label={`Add a ${labels.tenant.singular.toLowerCase()}`}
                    placeholder={`Search ${labels.tenant.plural.toLowerCase()}`}
                    value={null}
                    onChange={(id) => {
                      if (!id || chosen.some((t) => t.value === id)) return;
                      form.setFieldValue('tenants', [
                        ...chosen,
                        { value: id, label: seen.current.get(id) ?? id },
                      ]);
                    }}
                    search={(q) =>
                      searchOrganisations('tenant', q).then((options) => {
                        for (const o of options) seen.current.set(o.value, o.label);
                        return options;
                      })
                    }
                    lookup={async (id) => ({ value: id, label: seen.current.get(id) ?? id })}
                    lazy
                    error={form.errors.tenants}
                  />
                  <Group gap="xs">
                    {chosen.map((tenant) => (
                      <Badge
                        key={tenant.value}
                        variant="light"
                        rightSection={
                          <CloseButton
                            size="xs"
                            aria-label={`Remove ${tenant.label}`}
                            onClick={() =>
                              form.setFieldValue(
                                'tenants',
                                chosen.filter((t) => t.value !== tenant.value),
                              )
                            }
                          />
                        }
                      >
                        {tenant.label}
                      </Badge>
                    ))}
                  </Group>
                </Stack>
              )}
              <FormError problem={submit.problem} />
              <Group justify="flex-end">
                <Button variant="default" onClick={close}>
                  Cancel
                </Button>
                <Button type="submit" loading={submit.pending}>
                  Generate previews
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Modal>
    </>
  );
}
