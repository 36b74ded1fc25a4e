import { Alert, List } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { isProblemCode } from '../i18n/problems';

/** The message of an API problem in the user's language (never the raw JSON), with its field errors if any. */
export function problemText(err: unknown, t: (k: string) => string): string {
  if (err instanceof ApiError) {
    const c = err.problem.code;
    if (err.status === 412) return t('problem.PRECONDITION_FAILED');
    if (isProblemCode(c)) return t(`problem.${c}`);
    if (err.status === 404) return t('problem.NOT_FOUND');
    return t('problem.ERROR');
  }
  return t('problem.ERROR');
}

export function ProblemMessage({ error, title }: { error: unknown; title?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const fields = error instanceof ApiError ? error.problem.errors ?? [] : [];
  return (
    <Alert color="red" title={title ?? t('common.errorTitle')} role="alert">
      {problemText(error, t)}
      {fields.length > 0 && (
        <List size="sm" mt="xs">
          {fields.map((f) => <List.Item key={f.path}>{t(`field.${f.path}`, { defaultValue: f.path })} : {f.message}</List.Item>)}
        </List>
      )}
    </Alert>
  );
}

/** Field errors of a 400 VALIDATION_FAILED keyed by their path, for a Mantine form's setErrors. */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError)) return {};
  return Object.fromEntries((err.problem.errors ?? []).map((e) => [e.path, e.message]));
}
