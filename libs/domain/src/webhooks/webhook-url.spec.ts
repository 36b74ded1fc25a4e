import { checkResolvedAddresses, checkWebhookUrl, parseAllowedHosts, type WebhookUrlCheck } from './webhook-url.js';

const reasonOf = (c: WebhookUrlCheck): string | null => (c.ok ? null : c.reason);

describe('parseAllowedHosts', () => {
  it('reads host[:port] entries, normalised like URLs', () => {
    expect(parseAllowedHosts(' 127.0.0.1:9999, Hooks.Example.test ,[::1]:8443,2130706433:80,')).toEqual([
      { host: '127.0.0.1', port: 9999 },
      { host: 'hooks.example.test', port: null },
      { host: '[::1]', port: 8443 },
      { host: '127.0.0.1', port: 80 },
    ]);
    expect(parseAllowedHosts(undefined)).toEqual([]);
    expect(parseAllowedHosts('')).toEqual([]);
  });

  it('refuses what is not a host', () => {
    expect(() => parseAllowedHosts('http://x/y')).toThrow(/not a host/);
    expect(() => parseAllowedHosts('a b')).toThrow(/not a host/);
  });
});

describe('checkWebhookUrl', () => {
  const allowed = parseAllowedHosts('127.0.0.1:9999,hooks.internal.test');

  it.each<[string, string]>([
    ['https://10.0.0.1/hook', '10.0.0.1 is a private address (10.0.0.0/8)'],
    ['https://169.254.169.254/latest/meta-data', '169.254.169.254 is a link-local address (169.254.0.0/16)'],
    ['https://[::1]/hook', '[::1] is a loopback address (::1/128)'],
    ['https://[::ffff:127.0.0.1]/hook', '[::ffff:7f00:1] is a loopback address (::ffff:0:0/96 → 127.0.0.0/8)'],
    ['https://localhost/hook', 'localhost is a loopback name'],
    ['https://api.localhost./hook', 'api.localhost. is a loopback name'],
    ['https://2130706433/hook', '127.0.0.1 is a loopback address (127.0.0.0/8)'], // the URL parser reads decimal hosts
    ['https://0177.0.0.1/hook', '127.0.0.1 is a loopback address (127.0.0.0/8)'],
    ['https://0x7f.1/hook', '127.0.0.1 is a loopback address (127.0.0.0/8)'],
    ['https://100.64.1.1/', '100.64.1.1 is a carrier-grade NAT address (100.64.0.0/10)'],
    ['https://[fd00::1]/', '[fd00::1] is a unique-local address (fc00::/7)'],
    ['http://hooks.example.org/in', 'only https URLs are allowed (http only for hosts an administrator allow-listed)'],
    ['http://127.0.0.1:9998/in', 'only https URLs are allowed (http only for hosts an administrator allow-listed)'],
    ['https://127.0.0.1:9998/in', '127.0.0.1 is a loopback address (127.0.0.0/8)'], // allow-listed on another port only
    ['ftp://hooks.example.org/in', 'the scheme ftp is not allowed; use https'],
    ['https://user:pw@hooks.example.org/in', 'credentials in the URL are not allowed; authenticate the request with its signature'],
    ['/relative', 'not an absolute URL'],
    [`https://hooks.example.org/${'a'.repeat(2048)}`, 'the URL is longer than 2048 characters'],
  ])('%s is refused', (url, reason) => expect(reasonOf(checkWebhookUrl(url, allowed))).toBe(reason));

  it('accepts a public https URL, to resolve when it names a host', () => {
    const c = checkWebhookUrl('https://Hooks.Example.org:8443/in?x=1', allowed);
    expect(c).toMatchObject({ ok: true, allowListed: false, resolve: 'hooks.example.org' });
    expect(checkWebhookUrl('https://93.184.215.14/in', allowed)).toMatchObject({ ok: true, allowListed: false, resolve: null });
  });

  it('lets an allow-listed host use http and a private address', () => {
    expect(checkWebhookUrl('http://127.0.0.1:9999/in', allowed)).toMatchObject({ ok: true, allowListed: true, resolve: null });
    expect(checkWebhookUrl('http://2130706433:9999/in', allowed)).toMatchObject({ ok: true, allowListed: true });
    expect(checkWebhookUrl('http://hooks.internal.test:8080/in', allowed)).toMatchObject({ ok: true, allowListed: true });
  });
});

describe('checkResolvedAddresses', () => {
  it('refuses a name when any one of its addresses is not public (DNS rebinding)', () => {
    expect(checkResolvedAddresses('a.example', ['93.184.215.14', '2606:4700::1'])).toEqual({ ok: true });
    expect(checkResolvedAddresses('a.example', ['93.184.215.14', '10.0.0.7'])).toEqual({ ok: false, reason: 'a.example resolves to 10.0.0.7 is a private address (10.0.0.0/8)' });
    expect(checkResolvedAddresses('a.example', ['::ffff:169.254.169.254'])).toMatchObject({ ok: false });
    expect(checkResolvedAddresses('a.example', [])).toEqual({ ok: false, reason: 'a.example does not resolve' });
  });
});
