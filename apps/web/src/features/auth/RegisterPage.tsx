import { Alert, Button, Card, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, call } from '../../api/client';
import { useAuth } from '../../app/auth';
import { Page } from '../../components/Page';
import { ProblemMessage, fieldErrors } from '../../components/ProblemMessage';

/**
 * Sign up. Today registration answers 201 and the user is signed in at once; with sec-sessions it answers 202
 * for new and existing addresses alike (no account enumeration) and the page says to check the mailbox.
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
      const r = await call(api.POST('/api/v1/auth/register', { body: { displayName: v.displayName.trim(), email: v.email.trim(), password: v.password } }));
      if ((r.data as unknown) && !('id' in (r.data as object))) { setCheckMail(true); return; }
      await signIn(v.email.trim(), v.password);
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
