import { Button, MultiSelect, Stack, TagsInput, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data, idem } from '../../api/client';
import { useAuth } from '../../app/auth';
import { Page } from '../../components/Page';
import { ProblemMessage } from '../../components/ProblemMessage';
import { KindBadge, PARTNER_KINDS, useThemeOptions, type PartnerKind, type Profile } from './shared';

/** My organisation's profile: what it does (French keywords, themes, NAF), equipment, partners sought. */
export default function ProfilePage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { organisation } = useAuth();
  const orgId = organisation?.targetId;
  const themes = useThemeOptions();
  const [error, setError] = useState<unknown>();
  const profile = useQuery({
    queryKey: ['profile', orgId], enabled: !!orgId,
    queryFn: () => data(api.GET('/api/v1/profiles/{organisationId}', { params: { path: { organisationId: orgId! } } })) as Promise<Profile>,
  });
  const form = useForm({ initialValues: { description: '', keywords: [] as string[], themes: [] as string[], nafCode: '', city: '', equipment: [] as string[], seeks: [] as string[] } });
  const p = profile.data;
  useEffect(() => {
    if (p) form.setValues({ description: p.description, keywords: p.keywords, themes: p.themes, nafCode: p.nafCode ?? '', city: p.city ?? '', equipment: p.equipment, seeks: p.seeks });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [p]);
  const submit = form.onSubmit(async (v) => {
    setError(undefined);
    try {
      await data(api.PUT('/api/v1/profiles/{organisationId}', {
        params: { path: { organisationId: orgId! }, header: { 'Idempotency-Key': idem() } },
        body: { description: v.description, keywords: v.keywords, themes: v.themes, nafCode: v.nafCode.trim() || null, city: v.city.trim() || null, equipment: v.equipment, seeks: v.seeks as PartnerKind[] },
      } as never));
      notifications.show({ color: 'green', message: t('partners.profile.saved') });
      await qc.invalidateQueries({ queryKey: ['profile'] });
    } catch (e) {
      setError(e);
    }
  });
  if (!orgId) return <Page title={t('partners.profile.title')}><Text>{t('partners.profile.noOrganisation')}</Text></Page>;
  return (
    <Page title={t('partners.profile.title')} loading={profile.isPending} error={profile.error}>
      {p && <Text fw={600}>{p.name} · {p.region} <KindBadge kind={p.partnerKind} /></Text>}
      <Text>{t('partners.profile.intro')}</Text>
      <form onSubmit={submit}>
        <Stack maw={720}>
          <Textarea label={t('partners.profile.description')} autosize minRows={3} maxLength={4000} required {...form.getInputProps('description')} />
          <TagsInput label={t('partners.profile.keywords')} description={t('partners.profile.keywordsHint')} maxTags={30} {...form.getInputProps('keywords')} />
          <MultiSelect label={t('partners.profile.themes')} data={themes} maxValues={5} searchable {...form.getInputProps('themes')} />
          <TextInput label={t('partners.profile.naf')} placeholder="72.19Z" maxLength={6} {...form.getInputProps('nafCode')} />
          <TextInput label={t('partners.profile.city')} maxLength={120} {...form.getInputProps('city')} />
          <TagsInput label={t('partners.profile.equipment')} description={t('partners.profile.equipmentHint')} maxTags={20} {...form.getInputProps('equipment')} />
          <MultiSelect label={t('partners.profile.seeks')} searchable data={PARTNER_KINDS.map((k) => ({ value: k, label: t(`partners.kind.${k}`) }))} {...form.getInputProps('seeks')} />
          <ProblemMessage error={error} />
          <Button type="submit" style={{ alignSelf: 'flex-start' }}>{t('partners.profile.save')}</Button>
        </Stack>
      </form>
    </Page>
  );
}
