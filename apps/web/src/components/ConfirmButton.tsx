import { Button, type ButtonProps, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { errorMessage } from '../api/errors.ts';
import { FormError } from './forms.tsx';

interface ConfirmButtonProps {
  /** The button's label. */
  label: string;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<unknown>;
  success: string;
  onDone?: () => void;
  color?: string;
  variant?: ButtonProps['variant'];
  size?: ButtonProps['size'];
  leftSection?: ReactNode;
}

/** A destructive or important action behind a confirmation dialog, with its result notified. */
export function ConfirmButton({
  label,
  title,
  message,
  confirmLabel,
  onConfirm,
  success,
  onDone,
  color = 'red.9',
  variant = 'outline',
  size = 'sm',
  leftSection,
}: ConfirmButtonProps) {
  const [opened, { open, close }] = useDisclosure(false);
  const mutation = useMutation({
    mutationFn: onConfirm,
    onSuccess: () => {
      close();
      notifications.show({ color: 'green', title: 'Done', message: success });
      onDone?.();
    },
  });
  return (
    <>
      <Button color={color} variant={variant} size={size} onClick={open} leftSection={leftSection}>
        {label}
      </Button>
      <Modal
        opened={opened}
        onClose={() => {
          mutation.reset();
          close();
        }}
        title={title}
        centered
      >
        <Stack>
          <Text size="sm">{message}</Text>
          <FormError
            problem={mutation.isError ? { message: errorMessage(mutation.error), details: [] } : null}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close} disabled={mutation.isPending}>
              Cancel
            </Button>
            <Button color={color} loading={mutation.isPending} onClick={() => mutation.mutate()}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
