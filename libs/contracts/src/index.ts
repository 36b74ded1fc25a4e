export * from './envelope.js';
export * from './events.js';
export * from './routing.js';
export * from './parse.js';
export * from './reference-ids.js';
