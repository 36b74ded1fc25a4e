import request from 'supertest';
import { isValidSiren } from '@poleflow/domain';
import { CONSISTENCY_HEADER } from '@poleflow/http';

/** People and organisations of an e2e story, created through the gateway like a real user would. */

export const PASSWORD = 'correct horse battery staple';

/** A valid SIREN from 8 digits (adds the Luhn key). */
export function siren(prefix8: string): string {
  for (let k = 0; k < 10; k++) if (isValidSiren(`${prefix8}${k}`)) return `${prefix8}${k}`;
  throw new Error('no key');
}

/** The user id inside an access token. */
export const subOf = (token: string): string => (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { sub: string }).sub;

/**
 * One story is one client: every request sends the last `Poleflow-Consistency` token an answer gave (README,
 * "Read-your-writes"), so a request right after a write in another service sees that write — no retry needed.
 */
export function actors(gateway: () => string) {
  let consistency: string | undefined;
  const track = (t: request.Test): request.Test => {
    if (consistency) t.set(CONSISTENCY_HEADER, consistency);
    t.on('response', (res: { headers: Record<string, string | undefined> }) => {
      const token = res.headers[CONSISTENCY_HEADER.toLowerCase()];
      if (token) consistency = token;
    });
    return t;
  };
  const http = () => {
    const agent = request(gateway());
    return {
      get: (url: string) => track(agent.get(url)),
      post: (url: string) => track(agent.post(url)),
      put: (url: string) => track(agent.put(url)),
      patch: (url: string) => track(agent.patch(url)),
      delete: (url: string) => track(agent.delete(url)),
      options: (url: string) => track(agent.options(url)),
    };
  };
  const as = (token: string) => ({
    get: (url: string) => http().get(url).set('authorization', `Bearer ${token}`),
    post: (url: string) => http().post(url).set('authorization', `Bearer ${token}`),
    put: (url: string) => http().put(url).set('authorization', `Bearer ${token}`),
    patch: (url: string) => http().patch(url).set('authorization', `Bearer ${token}`),
    delete: (url: string) => http().delete(url).set('authorization', `Bearer ${token}`),
  });
  async function register(email: string): Promise<void> {
    // 202 and the same answer whether the e-mail is new or not: signing in is what proves the account.
    await http().post('/api/v1/auth/register').send({ email, password: PASSWORD, displayName: email.split('@')[0] }).expect(202);
  }
  async function login(email: string): Promise<string> {
    return (await http().post('/api/v1/auth/login').send({ email, password: PASSWORD, refreshIn: 'body' }).expect(200)).body.accessToken as string;
  }
  /** Registers the user, creates their organisation, and logs in again so the token carries the membership. */
  async function organisation(email: string, body: Record<string, unknown>): Promise<{ id: string; token: string }> {
    await register(email);
    const org = await as(await login(email)).post('/api/v1/organisations').send(body).expect(201);
    return { id: org.body.id, token: await login(email) };
  }
  /** Registers an account and has the admin appoint it (pole manager, reviewer, funder officer); returns its token. */
  async function staff(admin: string, email: string, kind: 'pole' | 'funder', targetId: string, role: string): Promise<string> {
    await register(email);
    await as(admin).post('/api/v1/admin/affiliations').send({ email, kind, targetId, role }).expect(201);
    return login(email);
  }
  /**
   * The consortium as users build it: the coordinator enters its own budget; each partner is invited (once
   * submission knows the organisation), a member accepts and enters its own budget, which confirms it.
   * Returns the project's ETag afterwards.
   */
  async function consortium(
    projectId: string, coordinator: { id: string; token: string; budget: object }, partners: readonly { id: string; token: string; budget: object }[],
  ): Promise<string> {
    const etagOf = async () => (await as(coordinator.token).get(`/api/v1/projects/${projectId}`).expect(200)).headers.etag as string;
    await as(coordinator.token).put(`/api/v1/projects/${projectId}/partners/${coordinator.id}`).set('if-match', await etagOf()).send({ budget: coordinator.budget }).expect(200);
    for (const partner of partners) {
      const invitation = await as(coordinator.token).post(`/api/v1/projects/${projectId}/invitations`).send({ organisationId: partner.id }).expect(201);
      await as(partner.token).post(`/api/v1/invitations/${invitation.body.id}/accept`).send({}).expect(200);
      const etag = (await as(partner.token).get(`/api/v1/projects/${projectId}`).expect(200)).headers.etag as string;
      await as(partner.token).put(`/api/v1/projects/${projectId}/partners/${partner.id}`).set('if-match', etag).send({ budget: partner.budget }).expect(200);
    }
    return etagOf();
  }
  return { http, as, register, login, organisation, staff, consortium };
}
