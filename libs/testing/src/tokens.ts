import { JwtService } from '@nestjs/jwt';
import { generateSigningKeys, claimsFromPrincipal, type Principal } from '@poleflow/auth';

/** One key pair per test process; tokens signed the way directory signs them. */
export const TEST_KEYS = generateSigningKeys();
export const TEST_ISSUER = 'poleflow-directory';

const jwt = new JwtService({});

export function tokenFor(p: Principal): string {
  return jwt.sign({ ...claimsFromPrincipal(p) }, { privateKey: TEST_KEYS.privateKey, algorithm: 'ES256', issuer: TEST_ISSUER, expiresIn: '1h' });
}
