import { Button, MultiSelect, Radio, Select, Stack, Textarea, TextInput, Group, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, data, idem } from '../../api/client';
import { Page } from '../../components/Page';
import { ProblemMessage, fieldErrors } from '../../components/ProblemMessage';
import { PARTNER_KINDS, REGIONS, useMyPoles, useThemeOptions, type PartnerKind, type PartnerRequest } from './shared';

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/** "Partner wanted": the idea, the competence, the kind and region sought, a deadline, who sees it. */
export default function NewRequestPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const poles = useMyPoles();
  const themes = useThemeOptions();
  const [error, setError] = useState<unknown>();
  const form = useForm({
    initialValues: { poleKey: '', title: '', idea: '', competence: '', kindsSought: [] as string[], regionsSought: [] as string[], themes: [] as string[], deadline: inDays(60), visibility: 'pole' },
  });
  const options = (poles.data ?? []).map((m) => ({ value: `${m.poleId}|${m.organisationId}`, label: `${m.poleName} (${m.organisationName})` }));
  const submit = form.onSubmit(async (v) => {
    setError(undefined);
    const [poleId, organisationId] = (v.poleKey || options[0]?.value || '|').split('|');
    try {
      const created = await data(api.POST('/api/v1/partner-requests', {
        params: { header: { 'Idempotency-Key': idem() } },
        body: { organisationId, poleId, title: v.title, idea: v.idea, competence: v.competence, kindsSought: v.kindsSought as PartnerKind[], regionsSought: v.regionsSought, themes: v.themes, deadline: v.deadline, visibility: v.visibility as 'pole' },
      } as never)) as PartnerRequest;
      notifications.show({ color: 'green', message: t('partners.request.published') });
      await qc.invalidateQueries({ queryKey: ['partner-requests'] });
      navigate(`/partenaires/recherches/${created.id}`);
    } catch (e) {
      setError(e);
      form.setErrors(fieldErrors(e));
    }
  });
  return (
    <Page title={t('partners.request.title')} loading={poles.isPending} error={poles.error}>
      {options.length === 0 ? <Text>{t('partners.notMember')}</Text> : (
        <form onSubmit={submit}>
          <Stack maw={720}>
            <Select label={t('partners.request.pole')} data={options} value={form.values.poleKey || options[0]?.value} onChange={(v) => form.setFieldValue('poleKey', v ?? '')} allowDeselect={false} />
            <TextInput label={t('partners.request.titleField')} required maxLength={200} {...form.getInputProps('title')} />
            <Textarea label={t('partners.request.idea')} required autosize minRows={3} maxLength={4000} {...form.getInputProps('idea')} />
            <Textarea label={t('partners.request.competence')} required autosize minRows={2} maxLength={2000} {...form.getInputProps('competence')} />
            <MultiSelect label={t('partners.request.kinds')} searchable data={PARTNER_KINDS.map((k) => ({ value: k, label: t(`partners.kind.${k}`) }))} {...form.getInputProps('kindsSought')} />
            <MultiSelect label={t('partners.request.regions')} data={REGIONS} searchable {...form.getInputProps('regionsSought')} />
            <MultiSelect label={t('partners.request.themes')} data={themes} maxValues={5} searchable {...form.getInputProps('themes')} />
            <TextInput type="date" label={t('partners.request.deadline')} required {...form.getInputProps('deadline')} />
            <Radio.Group label={t('partners.request.visibility')} {...form.getInputProps('visibility')}>
              <Group mt={4}>
                <Radio value="pole" label={t('partners.visibility.pole')} />
                <Radio value="all_poles" label={t('partners.visibility.all_poles')} />
              </Group>
            </Radio.Group>
            <ProblemMessage error={error} />
            <Button type="submit" style={{ alignSelf: 'flex-start' }}>{t('partners.request.publish')}</Button>
          </Stack>
        </form>
      )}
    </Page>
  );
}
