import { generateSigningKeys } from '@poleflow/auth';
import { ConfigError } from '@poleflow/config';
import { loadDirectoryConfig } from './config.js';

const keys = generateSigningKeys();
const escaped = (pem: string) => pem.replace(/\n/g, '\\n');

describe('directory configuration', () => {
  it('has the documented defaults and derives the public key from the private one', () => {
    const cfg = loadDirectoryConfig({ JWT_PRIVATE_KEY: escaped(keys.privateKey) });
    expect(cfg).toMatchObject({ PORT: 3001, JWT_TTL_SECONDS: 900, REFRESH_TTL_DAYS: 30, COOKIE_SECURE: false, SEED_DEMO: false, LOGIN_RATE_LIMIT: 5, LOGIN_RATE_WINDOW_SECONDS: 900, REGISTER_RATE_LIMIT: 10 });
    expect(cfg.JWT_PRIVATE_KEY).toBe(keys.privateKey);
    expect(cfg.JWT_PUBLIC_KEY).toBe(keys.publicKey);
    expect([...cfg.ADMIN_EMAILS]).toEqual([]);
  });

  it('parses admin e-mails and the demo flag', () => {
    const cfg = loadDirectoryConfig({ JWT_PRIVATE_KEY: keys.privateKey, JWT_PUBLIC_KEY: keys.publicKey, ADMIN_EMAILS: ' A@x.test,b@y.test ,', SEED_DEMO: 'true' });
    expect([...cfg.ADMIN_EMAILS]).toEqual(['a@x.test', 'b@y.test']);
    expect(cfg.SEED_DEMO).toBe(true);
  });

  it.each([
    ['no private key', {}, /JWT_PRIVATE_KEY/],
    ['an unreadable private key', { JWT_PRIVATE_KEY: 'not a pem' }, /JWT_PRIVATE_KEY: not a readable PEM/],
    ['an access token TTL over 15 minutes', { JWT_PRIVATE_KEY: keys.privateKey, JWT_TTL_SECONDS: '3600' }, /JWT_TTL_SECONDS/],
    ['an access token TTL under 10 minutes', { JWT_PRIVATE_KEY: keys.privateKey, JWT_TTL_SECONDS: '60' }, /JWT_TTL_SECONDS/],
    ['a gateway address that is not one', { JWT_PRIVATE_KEY: keys.privateKey, GATEWAY_ADDRESSES: 'loopback, 10.0.0.0/33' }, /GATEWAY_ADDRESSES/],
    ['a public key of another pair', { JWT_PRIVATE_KEY: keys.privateKey, JWT_PUBLIC_KEY: generateSigningKeys().publicKey }, /does not match/],
  ])('refuses %s', (_, env, message) => {
    expect(() => loadDirectoryConfig(env)).toThrow(ConfigError);
    expect(() => loadDirectoryConfig(env)).toThrow(message);
  });
});
