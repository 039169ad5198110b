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

/** `body.address.postalCode` → "Postal code", `body.administrators.0.email` → "Administrator 1: E-mail". */
export function fieldLabel(field: string): string {
  const parts = field
    .replace(/^(body|query|params)\./, '')
    .split('.')
    .filter((part) => !/^(data|values)$/.test(part));
  const words = (part: string) => {
    const text = part.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
    return text.charAt(0).toUpperCase() + text.slice(1);
  };
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const next = parts[i + 1];
    if (next !== undefined && /^\d+$/.test(next)) {
      out.push(`${words(part).replace(/s$/, '')} ${Number(next) + 1}`);
      i++;
    } else if (!/^\d+$/.test(part)) out.push(words(part));
  }
  return out.length ? out.join(': ').replace(/\bemail\b/i, 'E-mail') : 'This form';
}

/**
 * What goes above a form's buttons after a refusal. Field errors that landed on their fields are
 * not repeated there; "Check the highlighted fields." only when something is highlighted; the
 * others read as "<Field label>: <sentence>", once each.
 */
export function formProblem(
  error: unknown,
  elsewhere: FieldError[],
  rename?: (field: string) => string | null,
): FormProblem {
  const details = [
    ...new Set(elsewhere.map((e) => `${fieldLabel(rename?.(e.field) ?? e.field)}: ${e.message}`)),
  ];
  if (error instanceof ApiError && error.code === 'validation_failed' && error.fieldErrors.length > 0) {
    const onFields = error.fieldErrors.length > elsewhere.length;
    if (!onFields && details.length === 1) return { message: details[0]!, details: [] };
    return {
      message: onFields ? 'Check the highlighted fields.' : 'The server refused these values.',
      details,
    };
  }
  if (error instanceof ApiError && error.fieldErrors.length > 0 && elsewhere.length === 0) {
    // Every field error shows on its field: above the buttons only the refusal's own sentence
    // (never an API path such as "body.x: …", which would repeat the field's message).
    const detail = error.problem.detail;
    const own = detail && !/^(body|query|params)\./.test(detail) ? detail : 'Check the highlighted fields.';
    return { message: own, details: [] };
  }
  if (error instanceof ApiError && elsewhere.length > 0) {
    const sentence = errorMessage(error);
    // A refusal of one field (invalidField) repeats it in its detail: "body.x: message".
    const duplicate = elsewhere.length === 1 && sentence.endsWith(elsewhere[0]!.message);
    return duplicate ? { message: details[0]!, details: [] } : { message: sentence, details };
  }
  return { message: errorMessage(error), details };
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
      setProblem(formProblem(error, elsewhere, options.rename));
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
