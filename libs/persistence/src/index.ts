export * from './orm-config.js';
export * from './sql.js';
export * from './persistence.module.js';
export * from './pool-guard.js';
