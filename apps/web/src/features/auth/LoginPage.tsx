import { Anchor, Button, Card, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useAuth } from '../../app/auth';
import { Page } from '../../components/Page';
import { ProblemMessage, fieldErrors } from '../../components/ProblemMessage';

export default function LoginPage() {
  const { t } = useTranslation();
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<unknown>();
  const form = useForm({ initialValues: { email: '', password: '' } });
  const submit = form.onSubmit(async (v) => {
    setError(undefined);
    try {
      await signIn(v.email.trim(), v.password);
      navigate(params.get('retour') ?? '/projets', { replace: true });
    } catch (e) {
      setError(e);
      form.setErrors(fieldErrors(e));
    }
  });
  return (
    <Page title={t('auth.signInTitle')}>
      <Card withBorder maw={440} padding="lg">
        <form onSubmit={submit} noValidate>
          <Stack>
            <ProblemMessage error={error} />
            <TextInput label={t('field.email')} type="email" autoComplete="email" required {...form.getInputProps('email')} />
            <PasswordInput label={t('field.password')} autoComplete="current-password" required {...form.getInputProps('password')} />
            <Button type="submit" loading={form.submitting}>{t('auth.signIn')}</Button>
            <Text size="sm">{t('auth.noAccount')} <Anchor component={Link} to="/inscription">{t('auth.signUp')}</Anchor></Text>
          </Stack>
        </form>
      </Card>
    </Page>
  );
}
