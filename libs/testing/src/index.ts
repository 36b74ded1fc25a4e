export * from './database.js';
export * from './redis.js';
export * from './wait.js';
export * from './tokens.js';
export * from './inbox.js';
export * from './service.js';
export * from './private-services.js';
export * from './platform-processes.js';
