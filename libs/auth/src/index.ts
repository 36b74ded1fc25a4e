export * from './principal.js';
export * from './keys.js';
export * from './access-tokens.js';
export * from './auth.guard.js';
export * from './auth.module.js';
export * from './standing.js';
