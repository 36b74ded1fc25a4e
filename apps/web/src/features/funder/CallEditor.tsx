import { ActionIcon, Alert, Button, Card, Checkbox, Group, MultiSelect, Select, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, data } from '../../api/client';
import { Page } from '../../components/Page';
import { ProblemMessage, fieldErrors } from '../../components/ProblemMessage';
import { NoFunder, useFunder } from './common';
import { checkRule, DEFAULTS, RATE_CLASSES, type RuleDraft } from './rules';

const REGIONS = ['Auvergne-Rhône-Alpes', 'Bourgogne-Franche-Comté', 'Bretagne', 'Centre-Val de Loire', 'Corse', 'Grand Est', 'Hauts-de-France',
  'Île-de-France', 'Normandie', 'Nouvelle-Aquitaine', 'Occitanie', 'Pays de la Loire', "Provence-Alpes-Côte d'Azur", 'Guadeloupe', 'Martinique', 'Guyane', 'La Réunion', 'Mayotte'];
const AID_FORMS = ['grant', 'repayable_advance'] as const;
const day = (offset: number) => { const d = new Date(Date.now() + offset * 86_400_000); return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`; };
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

interface Entry { type: string; title: { fr: string; en: string }; description: { fr: string; en: string } }

/** A new call: its dates and aid forms, and rules chosen from the catalogue, each explained and checked as it is typed. */
export default function CallEditor() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  const { funderId, ready } = useFunder();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const catalogue = useQuery({ queryKey: ['eligibility-rules'], queryFn: async () => (await data(api.GET('/api/v1/eligibility-rules'))) as unknown as Entry[], staleTime: Infinity });
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [opensAt, setOpensAt] = useState(day(0));
  const [closesAt, setClosesAt] = useState(day(90));
  const [cutoffs, setCutoffs] = useState('');
  const [aidForms, setAidForms] = useState<string[]>(['grant']);
  const [rules, setRules] = useState<RuleDraft[]>([]);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const seq = useRef(0);
  if (!funderId) return <Page title={t('funder.editor.title')} loading={!ready}><NoFunder /></Page>;

  const entry = (type: string) => catalogue.data?.find((c) => c.type === type);
  const touch = (k: string) => setTouched((s) => (s.has(k) ? s : new Set(s).add(k)));
  const shown = (k: string) => tried || touched.has(k);
  const server = fieldErrors(error);

  const cutoffList = cutoffs.split(/[,;\s]+/).map((s) => s.trim()).filter(Boolean);
  const general: Record<string, string> = {};
  if (title.trim().length < 3 || title.trim().length > 300) general.title = title.trim() ? t('funder.editor.err.titleLength') : t('funder.editor.err.required');
  if (!ISO_DAY.test(opensAt)) general.opensAt = t('funder.editor.err.required');
  if (!ISO_DAY.test(closesAt)) general.closesAt = t('funder.editor.err.required');
  else if (ISO_DAY.test(opensAt) && closesAt < opensAt) general.closesAt = t('funder.editor.err.after');
  if (cutoffList.some((c) => !ISO_DAY.test(c))) general.cutoffs = t('funder.editor.err.dates');
  if (!aidForms.length) general.aidForms = t('funder.editor.err.aidForms');
  const checked = rules.map((r) => checkRule(r, t as never));
  const valid = !Object.keys(general).length && checked.every((c) => !Object.keys(c.errors).length);

  function setParam(r: RuleDraft, k: string, value: string | string[]) {
    touch(`${r.key}.${k}`);
    setRules((rs) => rs.map((x) => (x.key === r.key ? { ...x, v: { ...x.v, [k]: value } } : x)));
  }

  async function save(draft: boolean) {
    setTried(true);
    setError(undefined);
    if (!valid) return;
    setBusy(true);
    try {
      const body = {
        funderId: funderId!, title: title.trim(), description: description.trim() || undefined, draft,
        opensAt: new Date(`${opensAt}T00:00:00`).toISOString(), closesAt: new Date(`${closesAt}T23:59:59`).toISOString(),
        cutoffs: cutoffList.length ? cutoffList : undefined, aidForms, rules: checked.map((c) => c.rule),
      };
      const created = await data(api.POST('/api/v1/calls', { body: body as never }));
      notifications.show({ color: 'green', message: t(draft ? 'funder.editor.saved' : 'funder.editor.publishedNow', { title: created.title }) });
      await qc.invalidateQueries({ queryKey: ['funder-calls'] });
      navigate(draft ? '/financeur/appels?statut=draft' : '/financeur/appels');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const err = (k: string, own?: string) => (shown(k) ? own : undefined) ?? server[k];
  const available = (catalogue.data ?? []).filter((c) => !rules.some((r) => r.type === c.type));

  function ruleFields(r: RuleDraft, i: number, errors: Record<string, string>) {
    const e = (k: string) => (shown(`${r.key}.${k}`) ? errors[k] : undefined) ?? server[`rules[${i}].${k}`];
    const name = entry(r.type)?.title[lang] ?? r.type;
    const numField = (k: string, label: string) => (
      <TextInput key={k} label={label} inputMode="decimal" value={r.v[k] as string} onChange={(ev) => setParam(r, k, ev.currentTarget.value)} error={e(k)} />
    );
    switch (r.type) {
      case 'min_partners':
      case 'min_independent_companies': return numField('min', `${t('funder.editor.min')} (${name})`);
      case 'max_partner_share': return numField('maxPct', t('funder.editor.maxPct'));
      case 'trl_window': return <SimpleGrid cols={{ base: 1, sm: 2 }}>{numField('min', t('funder.editor.trlMin'))}{numField('max', t('funder.editor.trlMax'))}</SimpleGrid>;
      case 'budget_range': return <SimpleGrid cols={{ base: 1, sm: 2 }}>{numField('min', t('funder.editor.budgetMin'))}{numField('max', t('funder.editor.budgetMax'))}</SimpleGrid>;
      case 'lead_in_regions': return (
        <MultiSelect label={t('funder.editor.regions')} data={REGIONS} value={r.v.regions as string[]} onChange={(v) => setParam(r, 'regions', v)} error={e('regions')} searchable />
      );
      case 'scheme_rates': return (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {RATE_CLASSES.flatMap((c) => [
            numField(c, t('funder.editor.rate', { class: t(`funder.editor.rateClass.${c}`) })),
            ...(c === 'research_organisation' ? [] : [numField(`bonus_${c}`, t('funder.editor.bonus', { class: t(`funder.editor.rateClass.${c}`) }))]),
          ])}
        </SimpleGrid>
      );
      default: return <Text size="sm">{t('funder.editor.noParams')}</Text>;
    }
  }

  return (
    <Page title={t('funder.editor.title')} loading={catalogue.isPending} error={catalogue.error}>
      <form noValidate onSubmit={(e) => { e.preventDefault(); void save(true); }}>
        <Stack gap="lg">
          <Card withBorder component="section" aria-labelledby="appel-general">
            <Title order={2} size="h3" id="appel-general" mb="sm">{t('funder.editor.general')}</Title>
            <Stack gap="sm">
              <TextInput label={t('funder.editor.callTitle')} required value={title} onChange={(e) => { touch('title'); setTitle(e.currentTarget.value); }} error={err('title', general.title)} />
              <Textarea label={t('funder.editor.description')} autosize minRows={2} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput type="date" label={t('funder.editor.opensAt')} required value={opensAt} onChange={(e) => { touch('opensAt'); setOpensAt(e.currentTarget.value); }} error={err('opensAt', general.opensAt)} />
                <TextInput type="date" label={t('funder.editor.closesAt')} required value={closesAt} onChange={(e) => { touch('closesAt'); setClosesAt(e.currentTarget.value); }} error={err('closesAt', general.closesAt)} />
              </SimpleGrid>
              <TextInput label={t('funder.editor.cutoffs')} description={t('funder.editor.cutoffsHint')} value={cutoffs} onChange={(e) => { touch('cutoffs'); setCutoffs(e.currentTarget.value); }} error={err('cutoffs', general.cutoffs)} />
              <Checkbox.Group label={t('funder.editor.aidForms')} value={aidForms} onChange={(v) => { touch('aidForms'); setAidForms(v); }} error={err('aidForms', general.aidForms)} withAsterisk>
                <Group mt="xs">{AID_FORMS.map((f) => <Checkbox key={f} value={f} label={t(`aidForm.${f}`)} />)}</Group>
              </Checkbox.Group>
            </Stack>
          </Card>
          <Card withBorder component="section" aria-labelledby="appel-regles">
            <Title order={2} size="h3" id="appel-regles">{t('funder.editor.rules')}</Title>
            <Text size="sm" mb="sm">{t('funder.editor.rulesHint')}</Text>
            <Select
              label={t('funder.editor.addRule')}
              placeholder={t('funder.editor.pickRule')}
              data={available.map((c) => ({ value: c.type, label: c.title[lang] }))}
              value={null}
              searchable
              onChange={(type) => {
                if (!type) return;
                seq.current += 1;
                setRules((rs) => [...rs, { key: seq.current, type, v: { ...(DEFAULTS[type] ?? {}) } }]);
              }}
              mb="sm"
            />
            {rules.length === 0 ? <Text size="sm">{t('funder.editor.noRule')}</Text> : (
              <Stack gap="sm">
                {rules.map((r, i) => {
                  const c = entry(r.type);
                  const name = c?.title[lang] ?? r.type;
                  return (
                    <Card key={r.key} withBorder padding="sm" component="section" aria-labelledby={`regle-${r.key}`}>
                      <Group justify="space-between" wrap="nowrap" align="flex-start">
                        <Stack gap={2}>
                          <Title order={3} size="h5" id={`regle-${r.key}`}>{name}</Title>
                          <Text size="sm">{c?.description[lang]}</Text>
                        </Stack>
                        <ActionIcon variant="subtle" color="red" aria-label={t('funder.editor.removeRule', { title: name })} onClick={() => setRules((rs) => rs.filter((x) => x.key !== r.key))}>✕</ActionIcon>
                      </Group>
                      <Stack gap="xs" mt="xs">{ruleFields(r, i, checked[i].errors)}</Stack>
                    </Card>
                  );
                })}
              </Stack>
            )}
          </Card>
          {tried && !valid && <Alert color="red" role="alert">{t('funder.editor.fixFirst')}</Alert>}
          <ProblemMessage error={error} />
          <Group>
            <Button type="submit" variant="default" loading={busy}>{t('funder.editor.saveDraft')}</Button>
            <Button onClick={() => void save(false)} loading={busy}>{t('funder.editor.publishNow')}</Button>
          </Group>
        </Stack>
      </form>
    </Page>
  );
}
