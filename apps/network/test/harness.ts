import { randomUUID } from 'node:crypto';
import type { Principal } from '@poleflow/auth';
import { as, deliver, envelope, startService, type ServiceHarness, type ServiceHarnessOptions } from '@poleflow/testing';
import { loadNetworkConfig } from '../src/config.js';
import { NetworkModule } from '../src/network.module.js';

export type Harness = ServiceHarness;

/** A network app on its own database and BullMQ prefix, configured the way main.ts configures it. */
export const startNetwork = (label: string, o: ServiceHarnessOptions = {}): Promise<Harness> =>
  startService(label, 'network', (env) => NetworkModule.forRoot(loadNetworkConfig(env)), o);

export { as, deliver, envelope };

export function principal(p: Partial<Principal> = {}): Principal {
  return { userId: randomUUID(), email: `${randomUUID().slice(0, 8)}@example.fr`, roles: ['applicant'], organisationIds: [], poles: [], funderIds: [], ...p };
}
export const poleManager = (poleId: string): Principal => principal({ roles: ['pole_manager'], poles: [{ poleId, role: 'pole_manager' }] });
