import { actors, siren, PASSWORD } from './actors.js';
import { startPlatform, type Platform } from './platform.js';

/*
 * Read-your-writes across services (README, "Read-your-writes"): right after a 2xx, the same client's next
 * request to another service sees the write, with no retry, because it sends back the Poleflow-Consistency token.
 * 200 times in a row: an organisation created in directory, then a project created in submission, which needs
 * that organisation's `organisation.registered` (without the token: 422 UNKNOWN_ORGANISATION whenever the event
 * is still on its way).
 */
describe('e2e: read-your-writes, 200 dependent writes across two services without a retry', () => {
  let p: Platform;
  const { http, as, register } = actors(() => p.gateway);

  beforeAll(async () => {
    p = await startPlatform('e2eryw');
  }, 120_000);

  afterAll(async () => {
    await p?.close();
  });

  it('never answers 404/422 (or 503) for a write made the request before', async () => {
    await register('rita@ryw.test');
    const session = await http().post('/api/v1/auth/login').send({ email: 'rita@ryw.test', password: PASSWORD, refreshIn: 'body' }).expect(200);
    let token = session.body.accessToken as string;
    let refreshToken = session.body.refreshToken as string;
    const pole = (await as(token).get('/api/v1/poles?q=aerospace%20valley').expect(200)).body.items[0].id as string;
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) {
      const org = await as(token).post('/api/v1/organisations').send({
        name: `Société ${i}`, kind: 'company', siren: siren(String(31000000 + i * 37)), region: 'Occitanie', headcount: 12, turnoverCents: 100_000_000, balanceSheetCents: 50_000_000,
      }).expect(201);
      const refreshed = await http().post('/api/v1/auth/refresh').send({ refreshToken }).expect(200);
      [token, refreshToken] = [refreshed.body.accessToken, refreshed.body.refreshToken];
      const project = await as(token).post('/api/v1/projects').send({ acronym: `RYW${i}`, title: `Projet ${i}`, coordinatorOrganisationId: org.body.id, poleIds: [pole] });
      statuses.push(project.status);
      if (project.status !== 201) throw new Error(`iteration ${i}: ${project.status} ${JSON.stringify(project.body)}`);
    }
    expect(statuses.filter((s) => s !== 201)).toEqual([]);
    expect(statuses).toHaveLength(200);
  }, 240_000);
});
