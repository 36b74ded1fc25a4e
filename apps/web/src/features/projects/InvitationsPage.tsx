import { Alert, Anchor, Badge, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, data, idem } from '../../api/client';
import { useMyInvitations, type Invitation } from '../../api/consortium';
import { useConflictReload, useProject, useProjects } from '../../api/projects';
import { useAuth } from '../../app/auth';
import { date, euros } from '../../components/format';
import { Page } from '../../components/Page';
import { ProblemMessage } from '../../components/ProblemMessage';
import { BudgetGrid } from './ProjectEditor';

interface InvitedProject { id: string; acronym: string; title: string; summary?: string; coordinatorName?: string | null; startDate?: string | null; durationMonths?: number | null }

function InvitationCard({ invitation }: { invitation: Invitation }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { organisation } = useAuth();
  const p = invitation.project as unknown as InvitedProject;
  const [reason, setReason] = useState('');
  const [declining, setDeclining] = useState(false);
  const [error, setError] = useState<unknown>();
  async function answer(kind: 'accept' | 'decline') {
    setError(undefined);
    try {
      const body = kind === 'accept' ? (organisation ? { organisationId: organisation.targetId } : {}) : (reason.trim() ? { reason: reason.trim() } : {});
      const path = kind === 'accept' ? '/api/v1/invitations/{invitationId}/accept' : '/api/v1/invitations/{invitationId}/decline';
      await data(api.POST(path, { params: { path: { invitationId: invitation.id }, header: { 'Idempotency-Key': idem() } }, body } as never));
      notifications.show({ color: 'green', message: t(kind === 'accept' ? 'invitations.accepted' : 'invitations.declined') });
      await qc.invalidateQueries();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <Card withBorder component="article" aria-label={p.acronym}>
      <Stack gap="xs">
        <Title order={3} size="h4">{p.acronym} — {p.title}</Title>
        <Text>{t('invitations.from', { coordinator: p.coordinatorName ?? '…', acronym: p.acronym })}</Text>
        {p.summary && <Text size="sm">{p.summary}</Text>}
        {invitation.message && <Text size="sm" fs="italic">« {invitation.message} »</Text>}
        <Text size="sm" c="dimmed">{t('consortium.sentOn')} {date(invitation.invitedAt)}{organisation && ` · ${t('invitations.as')} : ${organisation.targetName ?? ''}`}</Text>
        <ProblemMessage error={error} />
        {declining && <TextInput label={t('invitations.declineReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={2000} />}
        <Group>
          <Button onClick={() => void answer('accept')} aria-label={t('invitations.acceptOf', { acronym: p.acronym })}>{t('invitations.accept')}</Button>
          <Button variant="default" color="red" onClick={() => (declining ? void answer('decline') : setDeclining(true))} aria-label={t('invitations.declineOf', { acronym: p.acronym })}>{t('invitations.decline')}</Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** A partner's share in a project it joined: confirm what the coordinator entered, or enter its own lines. */
function PartnerBudget({ projectId, organisationId }: { projectId: string; organisationId: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const p = useProject(projectId);
  const conflict = useConflictReload(projectId);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<unknown>();
  const project = p.data?.data;
  const mine = project?.partners.find((x) => x.organisationId === organisationId);
  if (!project || !mine) return null;
  async function confirm() {
    setError(undefined);
    try {
      await data(api.POST('/api/v1/projects/{id}/partners/{organisationId}/confirmation', { params: { path: { id: projectId, organisationId }, header: { 'If-Match': p.data?.etag ?? '', 'Idempotency-Key': idem() } } } as never));
      notifications.show({ color: 'green', message: t('invitations.confirmedMsg') });
      await qc.invalidateQueries();
    } catch (e) {
      if (!conflict(e)) setError(e);
    }
  }
  return (
    <Card withBorder component="article" aria-label={project.acronym}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3} size="h4"><Anchor component={Link} to={`/projets/${project.id}`} inherit>{project.acronym}</Anchor> — {project.title}</Title>
          <Badge color={mine.confirmed ? 'green' : 'orange'} variant="light">{mine.confirmed ? t('consortium.confirmed') : t('consortium.toConfirm')}</Badge>
        </Group>
        <Text>{t('invitations.budgetOf', { name: mine.name, acronym: project.acronym, total: euros(mine.totalCents) })}</Text>
        {mine.confirmationResetAt && !mine.confirmed && <Alert color="orange">{t('invitations.reset', { date: date(mine.confirmationResetAt) })}</Alert>}
        <ProblemMessage error={error} />
        <Group>
          <Button onClick={() => void confirm()} disabled={mine.confirmed || !(mine.totalCents > 0)} aria-label={t('invitations.confirmOf', { acronym: project.acronym })}>{t('invitations.confirm')}</Button>
          <Button variant="default" onClick={() => setEditing(!editing)}>{t('invitations.edit')}</Button>
        </Group>
        {editing && <BudgetGrid key={project.version} project={project} etag={p.data?.etag ?? null} only={organisationId} onNext={() => setEditing(false)} />}
      </Stack>
    </Card>
  );
}

/** A partner's page: invitations to answer, then its share in the projects it joined. */
export default function InvitationsPage() {
  const { t } = useTranslation();
  const { organisation } = useAuth();
  const pending = useMyInvitations('pending');
  const projects = useProjects();
  const joined = (projects.data?.items ?? []).filter((p) => p.coordinatorOrganisationId !== organisation?.targetId && p.status === 'draft'
    && p.partners.some((x) => x.organisationId === organisation?.targetId));
  return (
    <Page title={t('invitations.title')} loading={pending.isPending} error={pending.error}>
      <Stack>
        {(pending.data?.items ?? []).length === 0 ? <Text>{t('invitations.empty')}</Text>
          : pending.data!.items.map((i) => <InvitationCard key={i.id} invitation={i} />)}
        <Title order={2}>{t('invitations.budgets')}</Title>
        {organisation && joined.length ? joined.map((p) => <PartnerBudget key={p.id} projectId={p.id} organisationId={organisation.targetId} />) : <Text>{t('invitations.budgetsEmpty')}</Text>}
      </Stack>
    </Page>
  );
}
