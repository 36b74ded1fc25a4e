import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { commonEnv, ConfigError, envFlag, parseEnv, pem } from '@poleflow/config';

const flag = envFlag();

export const directoryEnv = commonEnv.extend({
  PORT: z.coerce.number().int().positive().default(3001),
  /** Directory signs; it can derive its public key from the private one, so this one is optional here. */
  JWT_PUBLIC_KEY: z.string().optional(),
  JWT_PRIVATE_KEY: z.string().min(1, 'JWT_PRIVATE_KEY (PEM, ES256 / P-256) is required'),
  /** Access tokens are short-lived (10–15 min); a session lasts through its refresh token. */
  JWT_TTL_SECONDS: z.coerce.number().int().min(600).max(900).default(900),
  /** Lifetime of a refresh token family's newest token (a sign-in lasts this long without use). */
  REFRESH_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(30),
  /** A used refresh token presented again this soon, its child still unused, replaces the child (a lost response). */
  REFRESH_REUSE_GRACE_SECONDS: z.coerce.number().int().min(0).max(60).default(10),
  /** Force the `Secure` attribute of the refresh cookie (otherwise set when the request came over HTTPS). */
  COOKIE_SECURE: flag,
  /** Comma list of e-mails that are admins when they register. */
  ADMIN_EMAILS: z.string().default('').transform((s) => new Set(s.split(',').map((e) => e.trim().toLowerCase()).filter(Boolean))),
  /** Create the demo accounts and organisations at start-up (idempotent). */
  SEED_DEMO: flag,
  /**
   * Failed sign-ins allowed per (client address, e-mail) before growing delays (1 s, 2 s, 4 s… up to
   * LOGIN_MAX_DELAY_SECONDS); per e-mail from any address the allowance is twice this, per address (any e-mail)
   * ten times. Failures are forgotten LOGIN_RATE_WINDOW_SECONDS after the last one (ARCHITECTURE.md §7, 25).
   */
  LOGIN_RATE_LIMIT: z.coerce.number().int().positive().default(5),
  LOGIN_RATE_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
  LOGIN_MAX_DELAY_SECONDS: z.coerce.number().int().positive().default(900),
  /** Registrations allowed per client address per hour. */
  REGISTER_RATE_LIMIT: z.coerce.number().int().positive().default(10),
});

type ParsedEnv = z.infer<typeof directoryEnv>;
/** Keys are PEM with real newlines; the public key is always present (given or derived). */
export type DirectoryConfig = Omit<ParsedEnv, 'JWT_PUBLIC_KEY'> & { JWT_PUBLIC_KEY: string };

const spki = (k: KeyObject): string => k.export({ type: 'spki', format: 'pem' }).toString();

/** Checks the signing key is ES256-capable and, when a public key is given, that it is the matching one. */
function signingKeys(privatePem: string, publicPem: string | undefined): { privateKey: string; publicKey: string } {
  let derived: string;
  try {
    const key = createPrivateKey(privatePem);
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
      throw new ConfigError(['JWT_PRIVATE_KEY: must be an EC P-256 key (ES256)']);
    }
    derived = spki(createPublicKey(key));
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError([`JWT_PRIVATE_KEY: not a readable PEM private key (${(err as Error).message})`]);
  }
  if (publicPem) {
    let given: string;
    try {
      given = spki(createPublicKey(publicPem));
    } catch (err) {
      throw new ConfigError([`JWT_PUBLIC_KEY: not a readable PEM public key (${(err as Error).message})`]);
    }
    if (given !== derived) throw new ConfigError(['JWT_PUBLIC_KEY: does not match JWT_PRIVATE_KEY']);
  }
  return { privateKey: privatePem, publicKey: publicPem ?? derived };
}

export function loadDirectoryConfig(env: Record<string, string | undefined> = process.env): DirectoryConfig {
  const parsed = parseEnv(directoryEnv, env);
  const keys = signingKeys(pem(parsed.JWT_PRIVATE_KEY), parsed.JWT_PUBLIC_KEY ? pem(parsed.JWT_PUBLIC_KEY) : undefined);
  return { ...parsed, JWT_PRIVATE_KEY: keys.privateKey, JWT_PUBLIC_KEY: keys.publicKey };
}
