import { auth } from './client';

type Hook = (o: { request: Request; response: Response }) => Promise<Request | Response | undefined>;

/** The client keeps the LAST `Poleflow-Consistency` token an answer carried and sends it back on every request. */
describe('web client: read-your-writes token', () => {
  it('sends back the last token received, on any later request', async () => {
    const onRequest = auth.onRequest as unknown as Hook;
    const onResponse = auth.onResponse as unknown as Hook;
    const seen: (string | null)[] = [];
    for (const token of ['tok-1', null, 'tok-2', null, null]) {
      const request = (await onRequest({ request: new Request('http://poleflow.test/api/v1/me'), response: new Response() })) as Request;
      seen.push(request.headers.get('poleflow-consistency'));
      await onResponse({ request, response: new Response('{}', { status: 200, headers: token ? { 'poleflow-consistency': token } : {} }) });
    }
    expect(seen).toEqual([null, 'tok-1', 'tok-1', 'tok-2', 'tok-2']);
  });
});
