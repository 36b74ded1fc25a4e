import { Badge, Card, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Anchor } from '@mantine/core';
import { api, data } from '../../api/client';
import { bps, euros, humanise } from '../../components/format';
import { useAllPoles } from '../../api/public';
import { Page } from '../../components/Page';

interface Outcome { type: string; passed: boolean; reason: { fr: string; en: string } }
interface Bonus { kind: string; points: number; reason: string }
interface Category { category: string; costsCents: number; gberBps: number; schemeBps: number | null; appliedBps: number; maxAidCents: number; bonuses: Bonus[]; limitedByScheme: boolean }
interface Ceiling { partnerId: string; name: string; categories: Category[]; totalCostsCents: number; maxAidCents: number; outsideStateAid: boolean }
interface Assessment { eligible: boolean; rules: Outcome[]; labelled?: boolean; ceilings?: { partners: Ceiling[]; totalMaxAidCents: number; totalCostsCents: number } }
interface Decision { outcome: 'granted' | 'refused'; motivation: string; partners?: { organisationId: string; name?: string; amountCents: number; aidForm: string }[]; tranches?: { milestone: string; percent: number }[] }

/** An application: each rule passed or failed with its reason, each partner's ceiling by category and its bonuses, the decision. */
export default function ApplicationPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const app = useQuery({
    queryKey: ['application', id],
    queryFn: () => data(api.GET('/api/v1/applications/{id}', { params: { path: { id } } })),
    refetchInterval: (q) => (q.state.data?.status === 'assessing' ? 1500 : false),
  });
  const a = app.data;
  const assessment = a?.assessment as Assessment | null | undefined;
  const decision = a?.decision as Decision | null | undefined;
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  const poles = useAllPoles();
  const names = new Map((poles.data?.items ?? []).map((p) => [p.id, p.name]));
  const nameOf = (orgId: string) => assessment?.ceilings?.partners.find((c) => c.partnerId === orgId)?.name ?? '…';
  return (
    <Page title={a ? t('funding.applicationTitle', { call: a.callTitle }) : t('funding.application')} loading={app.isPending} error={app.error}>
      {a && (
        <Stack gap="lg">
          <Group>
            <Badge size="lg">{t(`application.${a.status}`)}</Badge>
            <Text>{a.funderName} · <Anchor component={Link} to={`/projets/${a.projectId}`}>{a.acronym}</Anchor></Text>
          </Group>
          {a.status === 'assessing' && <Text role="status">{t('funding.assessing')}</Text>}
          {assessment && (
            <section aria-labelledby="regles">
              <Title order={2} size="h3" id="regles" mb="xs">{t('funding.rules')}</Title>
              <List spacing="xs">
                {assessment.rules.map((o, i) => (
                  <List.Item key={i}>
                    <Badge color={o.passed ? 'green' : 'red'} mr="xs">{o.passed ? t('funding.passed') : t('funding.failed')}</Badge>
                    {humanise(o.reason[lang], names)}
                  </List.Item>
                ))}
              </List>
            </section>
          )}
          {assessment?.ceilings?.partners.length ? (
            <section aria-labelledby="plafonds">
              <Title order={2} size="h3" id="plafonds" mb="xs">{t('funding.ceilings')}</Title>
              <Stack gap="sm">
                {assessment.ceilings.partners.map((c) => (
                  <Card key={c.partnerId} withBorder padding="sm">
                    <Group justify="space-between"><Text fw={700}>{c.name}</Text><Text fw={700}>{t('funding.maxAid', { amount: euros(c.maxAidCents) })}</Text></Group>
                    {c.outsideStateAid ? <Text size="sm">{t('funding.outsideStateAid')}</Text> : (
                      <Table.ScrollContainer minWidth={640}>
                        <Table>
                          <Table.Thead><Table.Tr>
                            <Table.Th>{t('projects.category')}</Table.Th><Table.Th>{t('funding.costs')}</Table.Th><Table.Th>{t('funding.rate')}</Table.Th>
                            <Table.Th>{t('funding.bonuses')}</Table.Th><Table.Th>{t('funding.ceiling')}</Table.Th>
                          </Table.Tr></Table.Thead>
                          <Table.Tbody>
                            {c.categories.map((k) => (
                              <Table.Tr key={k.category}>
                                <Table.Td>{t(`category.${k.category}`)}</Table.Td>
                                <Table.Td>{euros(k.costsCents)}</Table.Td>
                                <Table.Td>{bps(k.appliedBps)}{k.limitedByScheme ? ` (${t('funding.limitedByScheme', { gber: bps(k.gberBps) })})` : ''}</Table.Td>
                                <Table.Td>{k.bonuses.length ? k.bonuses.map((b) => `+${b.points} ${t('funding.points')} ${t(`funding.bonus.${b.kind}`)}`).join(', ') : '—'}</Table.Td>
                                <Table.Td>{euros(k.maxAidCents)}</Table.Td>
                              </Table.Tr>
                            ))}
                          </Table.Tbody>
                        </Table>
                      </Table.ScrollContainer>
                    )}
                  </Card>
                ))}
              </Stack>
              <Text fw={700} mt="xs">{t('funding.totalCeiling', { amount: euros(assessment.ceilings.totalMaxAidCents), costs: euros(assessment.ceilings.totalCostsCents) })}</Text>
            </section>
          ) : null}
          {decision && (
            <section aria-labelledby="decision">
              <Title order={2} size="h3" id="decision" mb="xs">{t('funding.decision')}</Title>
              <Badge color={decision.outcome === 'granted' ? 'green' : 'red'} size="lg">{t(`funding.outcome.${decision.outcome}`)}</Badge>
              {decision.motivation && <Text mt="xs">{decision.motivation}</Text>}
              {decision.partners?.length ? (
                <List mt="xs">{decision.partners.map((p) => <List.Item key={p.organisationId}>{p.name ?? nameOf(p.organisationId)} : {euros(p.amountCents)} ({t(`aidForm.${p.aidForm}`)})</List.Item>)}</List>
              ) : null}
              {decision.tranches?.length ? (
                <Text mt="xs">{t('funding.tranches')} : {decision.tranches.map((tr) => `${t(`milestone.${tr.milestone}`)} ${tr.percent} %`).join(' · ')}</Text>
              ) : null}
            </section>
          )}
        </Stack>
      )}
    </Page>
  );
}
