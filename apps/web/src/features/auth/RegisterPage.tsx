import { Alert, Button, Card, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, api, call } from '../../api/client';
import { useAuth } from '../../app/auth';
import { Page } from '../../components/Page';
import { ProblemMessage, fieldErrors } from '../../components/ProblemMessage';

/**
 * Sign up. Registration answers 202 for new and existing addresses alike (no account enumeration); signing in
 * then tells whether the account is ours. If it is not (the address was taken), the page says so without
 * saying whether an account exists: its owner got a security notice.
 */
export default function RegisterPage() {
  const { t } = useTranslation();
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>();
  const [checkMail, setCheckMail] = useState(false);
  const form = useForm({
    initialValues: { displayName: '', email: '', password: '' },
    validate: { password: (v) => (v.length < 12 ? t('auth.passwordRule') : null) },
  });
  const submit = form.onSubmit(async (v) => {
    setError(undefined);
    try {
      await call(api.POST('/api/v1/auth/register', { body: { displayName: v.displayName.trim(), email: v.email.trim(), password: v.password } }));
      try {
        await signIn(v.email.trim(), v.password);
      } catch (e) {
        if (e instanceof ApiError && e.problem.code === 'INVALID_CREDENTIALS') { setCheckMail(true); return; }
        throw e;
      }
      navigate('/organisation', { replace: true });
    } catch (e) {
      setError(e);
      form.setErrors(fieldErrors(e));
    }
  });
  return (
    <Page title={t('auth.signUpTitle')}>
      <Card withBorder maw={480} padding="lg">
        {checkMail ? <Alert color="blue">{t('auth.checkMail')}</Alert> : (
          <form onSubmit={submit} noValidate>
            <Stack>
              <ProblemMessage error={error} />
              <TextInput label={t('field.displayName')} autoComplete="name" required {...form.getInputProps('displayName')} />
              <TextInput label={t('field.email')} type="email" autoComplete="email" required {...form.getInputProps('email')} />
              <PasswordInput label={t('field.password')} description={t('auth.passwordRule')} autoComplete="new-password" required {...form.getInputProps('password')} />
              <Button type="submit" loading={form.submitting}>{t('auth.createAccount')}</Button>
            </Stack>
          </form>
        )}
      </Card>
    </Page>
  );
}
