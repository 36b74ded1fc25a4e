import { MEMBERSHIP_ENTITIES } from './memberships/membership.entity.js';
import { MATCHMAKING_ENTITIES } from './matchmaking/matchmaking.entity.js';
import { REFERENCE_ENTITIES } from './reference/reference.entity.js';
import { SUPPORT_ENTITIES } from './support/support.entity.js';

/**
 * Every entity of the network schema, one list per area. network-a: reference, memberships, support;
 * network-b: profiles, partner requests, matchmaking, contacts. Add your area's list on its own line.
 */
export const NETWORK_ENTITIES = [
  ...REFERENCE_ENTITIES,
  ...MEMBERSHIP_ENTITIES,
  ...SUPPORT_ENTITIES,
  ...MATCHMAKING_ENTITIES,
];
