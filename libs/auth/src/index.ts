export * from './principal.js';
export * from './keys.js';
export * from './auth.guard.js';
export * from './auth.module.js';
