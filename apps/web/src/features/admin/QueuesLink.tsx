import { Anchor, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { session } from '../../app/session';

/**
 * The gateway's queue dashboard (bull-board at /admin/queues, admin only). A browser tab cannot send the bearer
 * header, so the link carries the access token once (`?token=`): the gateway moves it into an HttpOnly cookie
 * scoped to /admin/queues and redirects to the clean URL. The token is added at the click, never rendered.
 */
export function QueuesLink() {
  const { t } = useTranslation();
  return (
    <Text size="sm">
      <Anchor href="/admin/queues" target="_blank" rel="noopener"
        onClick={(e) => { const token = session.token(); if (token) e.currentTarget.href = `/admin/queues?token=${encodeURIComponent(token)}`; }}>
        {t('admin.deadLetters.queues')}
      </Anchor>{' — '}{t('admin.deadLetters.queuesHint')}
    </Text>
  );
}
