import { Button, Checkbox, Group, Modal, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../api/errors.ts';
import { invoicesApi } from '../../api/invoices.ts';
import type { InvoiceDetail } from '../../api/types.ts';
import { FormError, useFormSubmit } from '../../components/forms.tsx';
import { formatMoney } from '../../components/rating/rating-logic.ts';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { documentTitle, isZero } from './invoice-logic.ts';

const AMOUNT = /^(0|[1-9]\d*)(\.\d+)?$/;

/** Today as YYYY-MM-DD on the browser's calendar (a payment is dated the day it arrived). */
function today(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Void behind a typed confirmation: the document's number, since a void cannot be undone. */
export function VoidButton({ invoice, onDone }: { invoice: InvoiceDetail; onDone: () => void }) {
  const [opened, dialog] = useDisclosure(false);
  const [typed, setTyped] = useState('');
  const [reason, setReason] = useState('');
  const number = invoice.number ?? '';
  const mutation = useMutation({
    mutationFn: () => invoicesApi.void(invoice.id, reason.trim() ? { reason: reason.trim() } : {}),
    onSuccess: (result) => {
      dialog.close();
      notifications.show({
        color: 'green',
        title: 'Done',
        message: result.creditNote
          ? `${number} is void; credit note ${result.creditNote.number ?? ''} was issued.`
          : `${number} is void.`,
      });
      onDone();
    },
  });
  return (
    <>
      <Button
        color="red.9"
        variant="outline"
        onClick={() => {
          setTyped('');
          setReason('');
          mutation.reset();
          dialog.open();
        }}
      >
        Void
      </Button>
      <Modal opened={opened} onClose={dialog.close} title={`Void ${number}`} centered>
        <Stack>
          <Text size="sm">
            {invoice.kind === 'statement'
              ? 'The statement becomes void and keeps its number.'
              : 'The invoice becomes void and keeps its number; a credit note for everything not yet credited is issued with its own number.'}{' '}
            This cannot be undone.
          </Text>
          <Textarea
            label="Reason"
            description="Printed on the credit note"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            autosize
            minRows={2}
          />
          <TextInput
            label={`Type ${number} to confirm`}
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            autoComplete="off"
          />
          <FormError
            problem={mutation.isError ? { message: errorMessage(mutation.error), details: [] } : null}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={dialog.close} disabled={mutation.isPending}>
              Cancel
            </Button>
            <Button
              color="red.9"
              disabled={typed.trim() !== number}
              loading={mutation.isPending}
              onClick={() => mutation.mutate()}
            >
              Void {number}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

interface PaymentValues {
  amount: string;
  paidOn: string;
  reference: string;
}

export function RecordPaymentButton({ invoice, onDone }: { invoice: InvoiceDetail; onDone: () => void }) {
  const [opened, dialog] = useDisclosure(false);
  const form = useForm<PaymentValues>({
    mode: 'controlled',
    initialValues: { amount: invoice.amountDue, paidOn: today(), reference: '' },
    validate: {
      amount: (v) => (AMOUNT.test(v.trim()) ? null : 'Enter the amount received, e.g. 120.50.'),
      paidOn: (v) => (v ? null : 'Enter the day the payment was received.'),
    },
  });
  const submit = useFormSubmit(
    form,
    (values: PaymentValues) =>
      invoicesApi.recordPayment(invoice.id, {
        amount: values.amount.trim(),
        paidOn: values.paidOn,
        ...(values.reference.trim() ? { reference: values.reference.trim() } : {}),
      }),
    {
      success: (payment) => `A payment of ${formatMoney(payment.amount, invoice.currency)} was recorded.`,
      onSuccess: () => {
        dialog.close();
        onDone();
      },
      rename: (field) => field.replace(/^body\./, ''),
    },
  );
  return (
    <>
      <Button
        onClick={() => {
          form.setValues({ amount: invoice.amountDue, paidOn: today(), reference: '' });
          dialog.open();
        }}
      >
        Record payment
      </Button>
      <Modal
        opened={opened}
        onClose={dialog.close}
        title={`Record a payment of ${documentTitle(invoice)}`}
        centered
      >
        <form onSubmit={submit.onSubmit} noValidate>
          <Stack>
            <Text size="sm">Due: {formatMoney(invoice.amountDue, invoice.currency)}</Text>
            <TextInput
              label={`Amount (${invoice.currency})`}
              inputMode="decimal"
              required
              {...form.getInputProps('amount')}
            />
            <TextInput type="date" label="Received on" required {...form.getInputProps('paidOn')} />
            <TextInput label="Reference" {...form.getInputProps('reference')} />
            <FormError problem={submit.problem} />
            <Group justify="flex-end">
              <Button variant="default" onClick={dialog.close}>
                Cancel
              </Button>
              <Button type="submit" loading={submit.pending}>
                Record payment
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

/** A partial (or full) credit note: chosen lines, each for all that is left of it or an amount. */
export function CreditNoteButton({ invoice, onDone }: { invoice: InvoiceDetail; onDone: () => void }) {
  const [opened, dialog] = useDisclosure(false);
  const [chosen, setChosen] = useState<Map<string, string>>(new Map());
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  // Only what the tenant was charged can be credited (discounts and credits already take off).
  const lines = invoice.lines.filter((l) => !l.unpriced && !l.amount.startsWith('-') && !isZero(l.amount));
  const mutation = useMutation({
    mutationFn: () =>
      invoicesApi.creditNote(invoice.id, {
        reason: reason.trim(),
        lines: [...chosen].map(([lineId, amount]) => ({
          lineId,
          ...(amount.trim() ? { amount: amount.trim() } : {}),
        })),
      }),
    onSuccess: (note) => {
      dialog.close();
      notifications.show({
        color: 'green',
        title: 'Done',
        message: `Credit note ${note.number ?? ''} was issued.`,
      });
      onDone();
    },
  });
  const send = () => {
    if (chosen.size === 0) return setInvalid('Choose at least one line.');
    if (!reason.trim()) return setInvalid('Enter the reason (it is printed on the credit note).');
    if ([...chosen.values()].some((a) => a.trim() !== '' && !AMOUNT.test(a.trim())))
      return setInvalid('Enter amounts as decimals, e.g. 10.50, or leave them empty for all that is left.');
    setInvalid(null);
    mutation.mutate();
  };
  return (
    <>
      <Button
        variant="default"
        onClick={() => {
          setChosen(new Map());
          setReason('');
          setInvalid(null);
          mutation.reset();
          dialog.open();
        }}
      >
        Credit note
      </Button>
      <Modal
        opened={opened}
        onClose={dialog.close}
        title={`Credit note for ${documentTitle(invoice)}`}
        size="xl"
        centered
      >
        <Stack>
          <Text size="sm">
            Choose the lines to credit. Leave an amount empty to credit all that is left of the line.
          </Text>
          <ScrollTable minWidth={560} label="Lines to credit">
            <Table aria-label="Lines to credit">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Credit</Table.Th>
                  <Table.Th scope="col">Line</Table.Th>
                  <Table.Th scope="col" ta="right">
                    Amount
                  </Table.Th>
                  <Table.Th scope="col">Credit amount</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {lines.map((line) => (
                  <Table.Tr key={line.id}>
                    <Table.Td>
                      <Checkbox
                        aria-label={`Credit ${line.description}`}
                        checked={chosen.has(line.id)}
                        onChange={(e) => {
                          const next = new Map(chosen);
                          if (e.currentTarget.checked) next.set(line.id, '');
                          else next.delete(line.id);
                          setChosen(next);
                        }}
                      />
                    </Table.Td>
                    <Table.Td>{line.description}</Table.Td>
                    <Table.Td ta="right" className="mono">
                      {formatMoney(line.amount, null)}
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        size="xs"
                        aria-label={`Credit amount of ${line.description}`}
                        placeholder="All that is left"
                        inputMode="decimal"
                        disabled={!chosen.has(line.id)}
                        value={chosen.get(line.id) ?? ''}
                        onChange={(e) => {
                          const next = new Map(chosen);
                          next.set(line.id, e.currentTarget.value);
                          setChosen(next);
                        }}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
          <Textarea
            label="Reason"
            description="Printed on the credit note"
            required
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            autosize
            minRows={2}
          />
          <FormError
            problem={
              invalid
                ? { message: invalid, details: [] }
                : mutation.isError
                  ? { message: errorMessage(mutation.error), details: [] }
                  : null
            }
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={dialog.close} disabled={mutation.isPending}>
              Cancel
            </Button>
            <Button loading={mutation.isPending} onClick={send}>
              Issue credit note
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
