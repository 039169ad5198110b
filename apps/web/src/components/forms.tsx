import { Alert, List } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { ApiError, errorMessage, type FieldError } from '../api/errors.ts';
import { relabel, useLabels } from '../app/labels.ts';

function hasPath(values: unknown, path: string): boolean {
  let current: unknown = values;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object' || !(part in current)) return false;
    current = (current as Record<string, unknown>)[part];
  }
  return true;
}

interface FormLike {
  getValues: () => unknown;
  setErrors: (errors: Record<string, ReactNode>) => void;
}

/**
 * Puts the API's field errors (`body.administrators.0.email`) on the form fields they name
 * (`administrators.0.email`) and returns the ones this form has no field for.
 */
export function applyFieldErrors(
  form: FormLike,
  error: unknown,
  rename: (field: string) => string | null = (field) => field.replace(/^body\./, ''),
  wording: (message: string) => string = (message) => message,
): FieldError[] {
  if (!(error instanceof ApiError)) return [];
  const values = form.getValues();
  const onForm: Record<string, ReactNode> = {};
  const elsewhere: FieldError[] = [];
  for (const item of error.fieldErrors) {
    const path = rename(item.field);
    if (path !== null && hasPath(values, path)) onForm[path] ??= wording(item.message);
    else elsewhere.push(item);
  }
  form.setErrors(onForm);
  if (Object.keys(onForm).length > 0) {
    requestAnimationFrame(() => document.querySelector<HTMLElement>('form [aria-invalid="true"]')?.focus());
  }
  return elsewhere;
}

export interface FormProblem {
  message: string;
  details: string[];
}

/** The API's message above a form's buttons, in the operator's nouns (app/labels.ts). */
export function FormError({ problem }: { problem: FormProblem | null }) {
  const labels = useLabels();
  if (!problem) return null;
  return (
    <Alert
      color="red"
      variant="light"
      title={relabel(problem.message, labels)}
      role="alert"
      data-state="form-error"
    >
      {problem.details.length > 0 && (
        <List size="sm">
          {problem.details.map((d) => (
            <List.Item key={d}>{relabel(d, labels)}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}

interface SubmitOptions<TResult> {
  /** Query keys to refresh after success. */
  invalidate?: QueryKey[];
  /** Notification text after success. */
  success?: string | ((result: TResult) => string);
  onSuccess?: (result: TResult) => void;
  rename?: (field: string) => string | null;
}

/**
 * Submits a Mantine form through a mutation: field errors from the API land next to their
 * fields, the rest in a FormError above the buttons; success refreshes the given queries and
 * shows a notification.
 */
export function useFormSubmit<TValues, TResult>(
  form: FormLike & {
    onSubmit: (handler: (values: TValues) => void) => (event?: FormEvent<HTMLFormElement>) => void;
  },
  mutationFn: (values: TValues) => Promise<TResult>,
  options: SubmitOptions<TResult> = {},
) {
  const queryClient = useQueryClient();
  const labels = useLabels();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const mutation = useMutation({
    mutationFn,
    onMutate: () => setProblem(null),
    onSuccess: async (result) => {
      await Promise.all(
        (options.invalidate ?? []).map((queryKey) => queryClient.invalidateQueries({ queryKey })),
      );
      if (options.success) {
        notifications.show({
          color: 'green',
          title: 'Saved',
          message: typeof options.success === 'function' ? options.success(result) : options.success,
        });
      }
      options.onSuccess?.(result);
    },
    onError: (error) => {
      const elsewhere = applyFieldErrors(form, error, options.rename, (message) => relabel(message, labels));
      setProblem({
        message: errorMessage(error),
        details: elsewhere.map((e) => `${e.field.replace(/^body\./, '')}: ${e.message}`),
      });
    },
  });
  return {
    onSubmit: form.onSubmit((values) => mutation.mutate(values)),
    pending: mutation.isPending,
    problem,
    mutation,
  };
}

/** '' → null, for optional text fields the API takes as null. */
export function orNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}
