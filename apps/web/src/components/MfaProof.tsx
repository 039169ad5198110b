import { Button, Checkbox, Group, Modal, PinInput, Stack, Text, TextInput } from '@mantine/core';
import { type UseFormReturnType, useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { FormError, useFormSubmit } from './forms.tsx';

/** What proves the current factor: the app's code, or an unused recovery code. */
export interface ProofValues {
  useRecoveryCode: boolean;
  code: string;
  recoveryCode: string;
}

export const emptyProof: ProofValues = { useRecoveryCode: false, code: '', recoveryCode: '' };

export function validateProof(values: ProofValues) {
  return {
    code:
      !values.useRecoveryCode && !/^\d{6}$/.test(values.code) ? 'Enter the 6 digits your app shows.' : null,
    recoveryCode:
      values.useRecoveryCode && values.recoveryCode.trim() === '' ? 'Enter a recovery code.' : null,
  };
}

/** The proof as the API takes it, under the given field names. */
export function proofBody<C extends string, R extends string>(
  values: ProofValues,
  codeField: C,
  recoveryField: R,
): Partial<Record<C | R, string>> {
  return (
    values.useRecoveryCode ? { [recoveryField]: values.recoveryCode.trim() } : { [codeField]: values.code }
  ) as Partial<Record<C | R, string>>;
}

interface ProofFieldsProps<V> {
  form: UseFormReturnType<V>;
  codeField: keyof V & string;
  recoveryField: keyof V & string;
  toggleField: keyof V & string;
  label: string;
}

/** The current code (or, switched over, a recovery code) of the factor already set up. */
export function ProofFields<V>({ form, codeField, recoveryField, toggleField, label }: ProofFieldsProps<V>) {
  const useRecovery = Boolean(form.getValues()[toggleField]);
  return (
    <Stack gap="xs">
      {useRecovery ? (
        <TextInput label="Recovery code" placeholder="xxxxx-xxxxx" {...form.getInputProps(recoveryField)} />
      ) : (
        <div>
          <Text size="sm" fw={500} mb={4}>
            {label}
          </Text>
          <PinInput
            length={6}
            type="number"
            oneTimeCode
            aria-label={label}
            {...form.getInputProps(codeField)}
          />
          {form.errors[codeField] && (
            <Text size="sm" c="red" mt={4} role="alert">
              {form.errors[codeField]}
            </Text>
          )}
        </div>
      )}
      <Checkbox
        label="I lost my authenticator: use a recovery code"
        {...form.getInputProps(toggleField, { type: 'checkbox' })}
      />
    </Stack>
  );
}

interface ProofButtonProps<T> {
  label: string;
  title: string;
  message: string;
  confirmLabel: string;
  color?: string;
  variant?: 'default' | 'outline' | 'filled';
  onProof: (proof: { code?: string; recoveryCode?: string }) => Promise<T>;
  onDone: (result: T) => void;
}

/** A change to the second factor behind a dialog that asks for a proof of the current one. */
export function ProofButton<T>({
  label,
  title,
  message,
  confirmLabel,
  color,
  variant = 'default',
  onProof,
  onDone,
}: ProofButtonProps<T>) {
  const [opened, { open, close }] = useDisclosure(false);
  const form = useForm<ProofValues>({
    mode: 'controlled',
    initialValues: emptyProof,
    validate: validateProof,
  });
  const submit = useFormSubmit(form, (v: ProofValues) => onProof(proofBody(v, 'code', 'recoveryCode')), {
    onSuccess: (result) => {
      close();
      form.reset();
      onDone(result);
    },
  });
  return (
    <>
      <Button color={color} variant={variant} onClick={open}>
        {label}
      </Button>
      <Modal
        opened={opened}
        onClose={() => {
          form.reset();
          close();
        }}
        title={title}
        centered
      >
        <form onSubmit={submit.onSubmit} noValidate>
          <Stack>
            <Text size="sm">{message}</Text>
            <ProofFields
              form={form}
              codeField="code"
              recoveryField="recoveryCode"
              toggleField="useRecoveryCode"
              label="Code from your authenticator app"
            />
            <FormError problem={submit.problem} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close} disabled={submit.pending}>
                Cancel
              </Button>
              <Button type="submit" color={color} loading={submit.pending}>
                {confirmLabel}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
