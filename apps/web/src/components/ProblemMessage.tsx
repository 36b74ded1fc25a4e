import { Alert, List } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { isProblemCode } from '../i18n/problems';
import i18n from '../i18n';

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
    <Alert color="red" title={title ?? t(error instanceof ApiError && error.status >= 400 && error.status < 500 ? 'common.fixTitle' : 'common.errorTitle')} role="alert">
      {problemText(error, t)}
      {fields.length > 0 && (
        <List size="sm" mt="xs">
          {fields.map((f) => <List.Item key={f.path}>{t(`field.${f.path}`, { defaultValue: f.path })} : {f.message}</List.Item>)}
        </List>
      )}
    </Alert>
  );
}

/** Refusals about one field that the API answers without `errors[]`: shown on that field too. */
const CODE_FIELD: Partial<Record<string, string>> = {
  INVALID_SIREN: 'siren', INVALID_SIRET: 'siret', SIRET_SIREN_MISMATCH: 'siret', ORGANISATION_EXISTS: 'siren', EMAIL_TAKEN: 'email',
  INVALID_TRL: 'trlTarget', INVALID_FINANCIALS: 'headcount', INVALID_CREDENTIALS: 'password', INVALID_DUE_DATE: 'dueAt',
};

/**
 * Field errors keyed by the path they name, for a Mantine form's setErrors: a 400's `errors[]` (the server's
 * message; in French once the API answers in the Accept-Language), or the field a domain refusal is about.
 */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError)) return {};
  const out = Object.fromEntries((err.problem.errors ?? []).map((e) => [e.path, e.message]));
  const field = CODE_FIELD[err.problem.code];
  if (field && isProblemCode(err.problem.code)) out[field] = i18n.t(`problem.${err.problem.code}`);
  return out;
}
