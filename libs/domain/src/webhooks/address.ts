/**
 * Classification of IP addresses for outgoing webhooks (SSRF protection): a webhook may only reach the public
 * internet, never the platform's own network. Pure: the caller resolves host names (every address of a name is
 * checked, at creation and again at each delivery, so a DNS answer that changes to a private address is caught).
 *
 * Accepts what a resolver or a URL may hand over: dotted IPv4, the inet_aton spellings that resolvers and
 * some URL parsers also accept (`2130706433`, `0177.0.0.1`, `0x7f.1`, `127.1`), IPv6 in any compression, with
 * brackets, a zone id (`fe80::1%eth0`) or an embedded IPv4 tail (`::ffff:127.0.0.1`). IPv6 forms that carry an
 * IPv4 address (IPv4-mapped, IPv4-compatible, NAT64, 6to4) are judged by the IPv4 address they carry.
 */

export const ADDRESS_KINDS = [
  'public', 'loopback', 'private', 'link_local', 'cgnat', 'unique_local', 'unspecified', 'multicast', 'broadcast',
  'documentation', 'benchmarking', 'reserved', 'invalid',
] as const;
export type AddressKind = (typeof ADDRESS_KINDS)[number];

export interface AddressClassification {
  /** The address in canonical form (dotted IPv4, or the IPv6 groups uncompressed in lower-case hex); null when invalid. */
  address: string | null;
  family: 4 | 6 | null;
  kind: AddressKind;
  /** The special-purpose range that matched (e.g. `10.0.0.0/8`), null for a public address. */
  range: string | null;
}

interface Range4 { base: number; bits: number; kind: Exclude<AddressKind, 'public' | 'invalid'>; cidr: string }

const v4 = (a: number, b: number, c: number, d: number): number => ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;

/** IANA IPv4 special-purpose registry, the parts a webhook must never reach. Most specific ranges first. */
const IPV4_RANGES: Range4[] = [
  { base: v4(255, 255, 255, 255), bits: 32, kind: 'broadcast', cidr: '255.255.255.255/32' },
  { base: v4(0, 0, 0, 0), bits: 8, kind: 'unspecified', cidr: '0.0.0.0/8' },
  { base: v4(10, 0, 0, 0), bits: 8, kind: 'private', cidr: '10.0.0.0/8' },
  { base: v4(100, 64, 0, 0), bits: 10, kind: 'cgnat', cidr: '100.64.0.0/10' },
  { base: v4(127, 0, 0, 0), bits: 8, kind: 'loopback', cidr: '127.0.0.0/8' },
  { base: v4(169, 254, 0, 0), bits: 16, kind: 'link_local', cidr: '169.254.0.0/16' },
  { base: v4(172, 16, 0, 0), bits: 12, kind: 'private', cidr: '172.16.0.0/12' },
  { base: v4(192, 0, 0, 0), bits: 24, kind: 'reserved', cidr: '192.0.0.0/24' },
  { base: v4(192, 0, 2, 0), bits: 24, kind: 'documentation', cidr: '192.0.2.0/24' },
  { base: v4(192, 88, 99, 0), bits: 24, kind: 'reserved', cidr: '192.88.99.0/24' },
  { base: v4(192, 168, 0, 0), bits: 16, kind: 'private', cidr: '192.168.0.0/16' },
  { base: v4(198, 18, 0, 0), bits: 15, kind: 'benchmarking', cidr: '198.18.0.0/15' },
  { base: v4(198, 51, 100, 0), bits: 24, kind: 'documentation', cidr: '198.51.100.0/24' },
  { base: v4(203, 0, 113, 0), bits: 24, kind: 'documentation', cidr: '203.0.113.0/24' },
  { base: v4(224, 0, 0, 0), bits: 4, kind: 'multicast', cidr: '224.0.0.0/4' },
  { base: v4(240, 0, 0, 0), bits: 4, kind: 'reserved', cidr: '240.0.0.0/4' },
];

const inRange4 = (n: number, r: Pick<Range4, 'base' | 'bits'>): boolean => {
  const mask = r.bits === 0 ? 0 : (~0 << (32 - r.bits)) >>> 0;
  return ((n & mask) >>> 0) === ((r.base & mask) >>> 0);
};

const dotted = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

/** One inet_aton part: decimal, octal (leading 0) or hex (0x). */
function part(s: string): number | null {
  if (/^0x[0-9a-f]*$/i.test(s)) return s.length === 2 ? 0 : parseInt(s.slice(2), 16);
  if (/^0[0-7]+$/.test(s)) return parseInt(s, 8);
  if (/^(0|[1-9][0-9]*)$/.test(s)) return Number(s);
  return null;
}

/**
 * IPv4 as inet_aton reads it: `a.b.c.d`, `a.b.c` (c is 16 bits), `a.b` (b is 24 bits), `a` (32 bits), each part
 * decimal, octal or hex. Returns the 32-bit value, or null when it is not an IPv4 address.
 */
export function parseIPv4(input: string): number | null {
  const parts = input.split('.');
  if (parts.length > 4 || parts.some((p) => p === '')) return null;
  const nums = parts.map(part);
  if (nums.some((n) => n === null || !Number.isFinite(n))) return null;
  const values = nums as number[];
  const last = values[values.length - 1];
  const head = values.slice(0, -1);
  if (head.some((n) => n > 255)) return null;
  const lastMax = 2 ** (8 * (5 - values.length)) - 1;
  if (last > lastMax) return null;
  let n = 0;
  head.forEach((h, i) => { n += h * 2 ** (8 * (3 - i)); });
  return n + last;
}

/** IPv6 as 8 groups of 16 bits (brackets and zone id removed, an IPv4 tail folded in), or null. */
export function parseIPv6(input: string): number[] | null {
  let s = input.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (!s.includes(':')) return null;
  const lastColon = s.lastIndexOf(':');
  const maybeV4 = s.slice(lastColon + 1);
  if (maybeV4.includes('.')) {
    // An IPv4 tail (::ffff:127.0.0.1) is only allowed in strict dotted form; it stands for the last two groups.
    if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(maybeV4)) return null;
    const o = maybeV4.split('.').map(Number);
    if (o.some((x) => x > 255)) return null;
    s = `${s.slice(0, lastColon + 1)}${((o[0] << 8) + o[1]).toString(16)}:${((o[2] << 8) + o[3]).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const groups = (h: string): number[] | null => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-f]{1,4}$/i.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const left = groups(halves[0]);
  const right = halves.length === 2 ? groups(halves[1]) : [];
  if (!left || !right) return null;
  const known = left.length + right.length;
  if (halves.length === 2) return known > 7 ? null : [...left, ...new Array<number>(8 - known).fill(0), ...right];
  return known === 8 ? left : null;
}

function classify4(n: number): AddressClassification {
  const address = dotted(n);
  const hit = IPV4_RANGES.find((r) => inRange4(n, r));
  return hit ? { address, family: 4, kind: hit.kind, range: hit.cidr } : { address, family: 4, kind: 'public', range: null };
}

const hex6 = (g: number[]): string => g.map((x) => x.toString(16)).join(':');

/** The IPv4 address in the last 32 bits. */
const low32 = (g: number[]): number => g[6] * 65536 + g[7];

/** True when the first `bits` bits of `g` equal those of `prefix` (groups of 16 bits). */
function hasPrefix(g: number[], prefix: number[], bits: number): boolean {
  for (let i = 0; i < 8 && bits > 0; i++, bits -= 16) {
    const take = Math.min(16, bits);
    const mask = (0xffff << (16 - take)) & 0xffff;
    if ((g[i] & mask) !== ((prefix[i] ?? 0) & mask)) return false;
  }
  return true;
}

/** Forms that carry an IPv4 address: judged by it, the range named after the IPv6 form. */
function embedded(g: number[], range: string): AddressClassification | null {
  const inner = classify4(low32(g));
  if (inner.kind === 'public') return null;
  return { address: hex6(g), family: 6, kind: inner.kind, range: `${range} → ${inner.range}` };
}

interface Range6 { prefix: number[]; bits: number; kind: Exclude<AddressKind, 'public' | 'invalid'>; cidr: string }

const IPV6_RANGES: Range6[] = [
  { prefix: [0x64, 0xff9b, 1], bits: 48, kind: 'private', cidr: '64:ff9b:1::/48' },
  { prefix: [0x100], bits: 64, kind: 'reserved', cidr: '100::/64' },
  { prefix: [0x2001, 0], bits: 32, kind: 'reserved', cidr: '2001::/32' }, // Teredo: tunnels to an obfuscated IPv4
  { prefix: [0x2001, 2, 0], bits: 48, kind: 'benchmarking', cidr: '2001:2::/48' },
  { prefix: [0x2001, 0x10], bits: 28, kind: 'reserved', cidr: '2001:10::/28' },
  { prefix: [0x2001, 0x20], bits: 28, kind: 'reserved', cidr: '2001:20::/28' },
  { prefix: [0x2001, 0xdb8], bits: 32, kind: 'documentation', cidr: '2001:db8::/32' },
  { prefix: [0x3fff], bits: 20, kind: 'documentation', cidr: '3fff::/20' },
  { prefix: [0xfc00], bits: 7, kind: 'unique_local', cidr: 'fc00::/7' },
  { prefix: [0xfe80], bits: 10, kind: 'link_local', cidr: 'fe80::/10' },
  { prefix: [0xfec0], bits: 10, kind: 'private', cidr: 'fec0::/10' }, // site-local (deprecated)
  { prefix: [0xff00], bits: 8, kind: 'multicast', cidr: 'ff00::/8' },
];

function classify6(g: number[]): AddressClassification {
  const address = hex6(g);
  const zeros6 = g.slice(0, 6).every((x) => x === 0);
  if (zeros6 && g[6] === 0 && g[7] === 0) return { address, family: 6, kind: 'unspecified', range: '::/128' };
  if (zeros6 && g[6] === 0 && g[7] === 1) return { address, family: 6, kind: 'loopback', range: '::1/128' };
  // IPv4-mapped (::ffff:a.b.c.d): the socket talks IPv4 to a.b.c.d, so it is exactly that address.
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) {
    const inner = classify4(low32(g));
    return { ...inner, address, family: 6, range: inner.range && `::ffff:0:0/96 → ${inner.range}` };
  }
  // IPv4-compatible (::a.b.c.d, deprecated) and NAT64 (64:ff9b::a.b.c.d) reach an IPv4 address too.
  if (zeros6) return embedded(g, '::/96') ?? { address, family: 6, kind: 'reserved', range: '::/96' };
  if (hasPrefix(g, [0x64, 0xff9b, 0, 0, 0, 0], 96)) return embedded(g, '64:ff9b::/96') ?? { address, family: 6, kind: 'public', range: null };
  // 6to4 (2002:aabb:ccdd::/48) embeds the IPv4 address in bits 16–48.
  if (g[0] === 0x2002) {
    const inner = classify4(g[1] * 65536 + g[2]);
    if (inner.kind !== 'public') return { address, family: 6, kind: inner.kind, range: `2002::/16 → ${inner.range}` };
    return { address, family: 6, kind: 'public', range: null };
  }
  const hit = IPV6_RANGES.find((r) => hasPrefix(g, r.prefix, r.bits));
  return hit ? { address, family: 6, kind: hit.kind, range: hit.cidr } : { address, family: 6, kind: 'public', range: null };
}

/** Classifies an IP address given as text (IPv4 in any inet_aton spelling, or IPv6). */
export function classifyAddress(input: string): AddressClassification {
  const s = input.trim().toLowerCase();
  if (!s) return { address: null, family: null, kind: 'invalid', range: null };
  const n = s.includes(':') ? null : parseIPv4(s);
  if (n !== null) return classify4(n);
  const g = parseIPv6(s);
  if (g) return classify6(g);
  return { address: null, family: null, kind: 'invalid', range: null };
}

/** Whether a text is an IP address literal (in any accepted spelling) rather than a host name. */
export const isIpLiteral = (input: string): boolean => classifyAddress(input).kind !== 'invalid';

const KIND_WORDS: Record<Exclude<AddressKind, 'public'>, string> = {
  loopback: 'a loopback address', private: 'a private address', link_local: 'a link-local address', cgnat: 'a carrier-grade NAT address',
  unique_local: 'a unique-local address', unspecified: 'an unspecified address', multicast: 'a multicast address', broadcast: 'the broadcast address',
  documentation: 'a documentation address', benchmarking: 'a benchmarking address', reserved: 'a reserved address', invalid: 'not an IP address',
};

/** Why an address may not receive webhooks, or null when it may (a public unicast address). */
export function forbiddenAddressReason(input: string): string | null {
  const c = classifyAddress(input);
  if (c.kind === 'public') return null;
  return `${input} is ${KIND_WORDS[c.kind]}${c.range ? ` (${c.range})` : ''}`;
}
