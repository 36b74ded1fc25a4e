export * from './database.js';
export * from './redis.js';
export * from './wait.js';
export * from './tokens.js';
export * from './inbox.js';
export * from './service.js';
