export * from './domain-error.js';
export * from './siren.js';
export * from './size-category.js';
export * from './project.machine.js';
export * from './budget.js';
export * from './trl.js';
export * from './stage.js';
export * from './labelling/index.js';
