export * from './kinds.js';
export * from './reasons.js';
export * from './text.js';
export * from './sql.js';
export * from './rank.js';
export * from './themes.js';
