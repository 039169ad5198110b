import { Badge } from '@mantine/core';
import type { Invoice } from '../../api/types.ts';
import { displayStatus } from './invoice-logic.ts';

/** The status with what is derived from it (overdue, partially paid). */
export function InvoiceStatusBadge({
  invoice,
}: {
  invoice: Pick<Invoice, 'status' | 'overdue' | 'partiallyPaid'>;
}) {
  const { label, color } = displayStatus(invoice);
  return (
    <Badge variant="dot" size="md" color={color}>
      {label}
    </Badge>
  );
}
