import * as argon2 from 'argon2';

/*
 * Passwords are hashed with argon2id (ARCHITECTURE.md §4), the variant OWASP's Password Storage Cheat Sheet
 * recommends. The library defaults (64 MiB, 3 passes, parallelism 4) are above OWASP's minimum
 * (19 MiB, 2 passes, 1); the PHC string stores them, so they can be raised later without breaking old hashes.
 */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

let dummy: Promise<string> | undefined;

/**
 * Verifies a password against a stored hash. With no hash (unknown e-mail) it verifies against a dummy one,
 * so an unknown account costs the same time as a wrong password: timing does not reveal which e-mails exist.
 */
export async function verifyPassword(hash: string | undefined, password: string): Promise<boolean> {
  if (!hash) {
    dummy ??= hashPassword('no account has this password; it only burns the same time');
    await argon2.verify(await dummy, password);
    return false;
  }
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false; // a malformed stored hash never authenticates
  }
}
