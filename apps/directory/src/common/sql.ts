/** Escapes LIKE / ILIKE wildcards so user text matches literally (PostgreSQL's default escape is `\`). */
export const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);
