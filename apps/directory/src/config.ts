import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { commonEnv, ConfigError, envFlag, parseEnv, pem } from '@poleflow/config';

const flag = envFlag();

export const directoryEnv = commonEnv.extend({
  PORT: z.coerce.number().int().positive().default(3001),
  /** Directory signs; it can derive its public key from the private one, so this one is optional here. */
  JWT_PUBLIC_KEY: z.string().optional(),
  JWT_PRIVATE_KEY: z.string().min(1, 'JWT_PRIVATE_KEY (PEM, ES256 / P-256) is required'),
  JWT_TTL_SECONDS: z.coerce.number().int().positive().default(3600),
  /** Comma list of e-mails that are admins when they register. */
  ADMIN_EMAILS: z.string().default('').transform((s) => new Set(s.split(',').map((e) => e.trim().toLowerCase()).filter(Boolean))),
  /** Create the demo accounts and organisations at start-up (idempotent). */
  SEED_DEMO: flag,
  /** Login attempts allowed per (client IP, e-mail) in the window (ARCHITECTURE.md §4: login is rate-limited). */
  LOGIN_RATE_LIMIT: z.coerce.number().int().positive().default(10),
  LOGIN_RATE_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
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
