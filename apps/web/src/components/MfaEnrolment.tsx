import { Alert, Button, Code, CopyButton, Group, Image, List, PinInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { mfaApi } from '../api/auth.ts';
import type { Stage } from '../api/types.ts';
import { FormError, useFormSubmit } from './forms.tsx';
import { ProofFields, proofBody, validateProof } from './MfaProof.tsx';
import { QueryState } from './states.tsx';

/** Recovery codes, shown once, with copy and download. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  const text = `${codes.join('\n')}\n`;
  return (
    <Stack gap="xs">
      <Alert color="yellow" variant="light" title="Save your recovery codes now">
        Each code signs you in once if you lose your authenticator. They are not shown again.
      </Alert>
      <List spacing={2} className="mono" aria-label="Recovery codes">
        {codes.map((c) => (
          <List.Item key={c}>{c}</List.Item>
        ))}
      </List>
      <Group gap="xs">
        <CopyButton value={text}>
          {({ copied, copy }) => (
            <Button size="xs" variant="default" onClick={copy}>
              {copied ? 'Copied' : 'Copy codes'}
            </Button>
          )}
        </CopyButton>
        <Button
          size="xs"
          variant="default"
          component="a"
          href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`}
          download="recovery-codes.txt"
        >
          Download
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * TOTP enrolment: a new secret as a QR code (and as text), confirmed with a code from the app;
 * then the recovery codes, shown once. Used at the `mfa_enrolment` sign-in step and from My account,
 * where replacing a factor also asks for a code (or recovery code) of the current one.
 */
export function MfaEnrolment({
  onDone,
  doneLabel,
  replacing = false,
}: {
  onDone: (stage: Stage) => void;
  doneLabel: string;
  replacing?: boolean;
}) {
  const enrolment = useQuery({
    queryKey: ['mfa', 'enrolment'],
    queryFn: mfaApi.startEnrolment,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    retry: false,
  });
  const [result, setResult] = useState<{ stage: Stage; recoveryCodes: string[] } | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { code: '', useRecoveryCode: false, currentCode: '', currentRecoveryCode: '' },
    validate: (v) => {
      const proof = validateProof({
        useRecoveryCode: v.useRecoveryCode,
        code: v.currentCode,
        recoveryCode: v.currentRecoveryCode,
      });
      return {
        code: /^\d{6}$/.test(v.code) ? null : 'Enter the 6 digits your app shows.',
        ...(replacing ? { currentCode: proof.code, currentRecoveryCode: proof.recoveryCode } : {}),
      };
    },
  });
  const submit = useFormSubmit(
    form,
    (v: typeof form.values) =>
      mfaApi.confirmEnrolment({
        code: v.code,
        ...(replacing
          ? proofBody(
              {
                useRecoveryCode: v.useRecoveryCode,
                code: v.currentCode,
                recoveryCode: v.currentRecoveryCode,
              },
              'currentCode',
              'currentRecoveryCode',
            )
          : {}),
      }),
    { onSuccess: setResult },
  );

  if (result) {
    return (
      <Stack>
        <Text size="sm">Two-step verification is on.</Text>
        <RecoveryCodes codes={result.recoveryCodes} />
        <Button onClick={() => onDone(result.stage)}>{doneLabel}</Button>
      </Stack>
    );
  }
  return (
    <QueryState query={enrolment} loadingLabel="Preparing your authenticator secret">
      {(data) => (
        <form onSubmit={submit.onSubmit} noValidate>
          <Stack>
            <Text size="sm">
              Scan this code with an authenticator app (Microsoft Authenticator, Google Authenticator,
              1Password…), then enter the 6-digit code it shows.
            </Text>
            <Image
              src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(data.qrSvg)}`}
              alt="QR code of your authenticator secret"
              w={200}
              h={200}
              fit="contain"
            />
            <Text size="sm">
              Or type this secret into the app: <Code className="mono">{data.secret}</Code>
            </Text>
            <div>
              <Text size="sm" fw={500} mb={4}>
                Code from your authenticator app
              </Text>
              <PinInput
                length={6}
                type="number"
                oneTimeCode
                aria-label="Code from your authenticator app"
                {...form.getInputProps('code')}
              />
              {form.errors.code && (
                <Text size="sm" c="red" mt={4} role="alert">
                  {form.errors.code}
                </Text>
              )}
            </div>
            {replacing && (
              <ProofFields
                form={form}
                codeField="currentCode"
                recoveryField="currentRecoveryCode"
                toggleField="useRecoveryCode"
                label="Code from your current authenticator (the one you are replacing)"
              />
            )}
            <FormError problem={submit.problem} />
            <Button type="submit" loading={submit.pending}>
              Turn on two-step verification
            </Button>
          </Stack>
        </form>
      )}
    </QueryState>
  );
}
