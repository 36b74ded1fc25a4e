/** Case- and accent-insensitive form of a name: "  Île-de-France " → "ile-de-france" (NFD, marks removed). */
export const foldAccents = (s: string): string => s.trim().toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
