import { classifyAddress, forbiddenAddressReason } from './address.js';

/** An admin allow-list entry (`WEBHOOK_ALLOWED_HOSTS`): a host, and a port or any port. */
export interface AllowedHost {
  /** Lower-case host name, dotted IPv4 or bracketed IPv6 (`[::1]`), as WHATWG URL spells `hostname`. */
  host: string;
  /** null: any port of that host. */
  port: number | null;
}

export const MAX_WEBHOOK_URL_LENGTH = 2048;

/**
 * Parses the comma list of `host[:port]` entries (`127.0.0.1:9999, hooks.example.test, [::1]:8443`). Hosts are
 * normalised the way URLs normalise them, so `2130706433:9999` and `127.0.0.1:9999` are the same entry.
 * Throws on an entry that is not a host.
 */
export function parseAllowedHosts(csv: string | undefined): AllowedHost[] {
  return (csv ?? '').split(',').map((s) => s.trim()).filter(Boolean).map((entry) => {
    let u: URL;
    try {
      u = new URL(`http://${entry}`);
    } catch {
      throw new Error(`WEBHOOK_ALLOWED_HOSTS: "${entry}" is not a host[:port]`);
    }
    if (u.username || u.password || u.pathname !== '/' || u.search || u.hash) throw new Error(`WEBHOOK_ALLOWED_HOSTS: "${entry}" is not a host[:port]`);
    const explicitPort = /:\d+$/.test(entry);
    return { host: u.hostname, port: explicitPort ? Number(u.port || 80) : null };
  });
}

/** The port a URL connects to. */
export const effectivePort = (u: URL): number => (u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80);

export const isAllowListed = (u: URL, allowed: readonly AllowedHost[]): boolean =>
  allowed.some((a) => a.host === u.hostname && (a.port === null || a.port === effectivePort(u)));

export type WebhookUrlCheck =
  | { ok: true; url: URL; allowListed: boolean; /** the host to resolve, or null when the URL names an IP address (checked already) */ resolve: string | null }
  | { ok: false; reason: string };

/**
 * What can be said of a webhook URL without the network: https only (http only for an allow-listed host), no
 * credentials, a host; when the host is an IP address, it must be a public one unless allow-listed. A host name
 * still has to be resolved and every address checked (`checkResolvedAddresses`).
 */
export function checkWebhookUrl(raw: string, allowed: readonly AllowedHost[]): WebhookUrlCheck {
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) return { ok: false, reason: `the URL is longer than ${MAX_WEBHOOK_URL_LENGTH} characters` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not an absolute URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: `the scheme ${url.protocol.replace(/:$/, '')} is not allowed; use https` };
  if (url.username || url.password) return { ok: false, reason: 'credentials in the URL are not allowed; authenticate the request with its signature' };
  if (!url.hostname) return { ok: false, reason: 'the URL has no host' };
  const allowListed = isAllowListed(url, allowed);
  if (allowListed) return { ok: true, url, allowListed, resolve: null };
  if (url.protocol !== 'https:') return { ok: false, reason: 'only https URLs are allowed (http only for hosts an administrator allow-listed)' };
  const literal = classifyAddress(url.hostname);
  if (literal.kind !== 'invalid') {
    const why = forbiddenAddressReason(url.hostname);
    return why ? { ok: false, reason: why } : { ok: true, url, allowListed, resolve: null };
  }
  const host = url.hostname.replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return { ok: false, reason: `${url.hostname} is a loopback name` };
  return { ok: true, url, allowListed, resolve: url.hostname };
}

/** Every address a host name resolved to must be public: one private answer is enough to refuse (DNS rebinding). */
export function checkResolvedAddresses(host: string, addresses: readonly string[]): { ok: true } | { ok: false; reason: string } {
  if (!addresses.length) return { ok: false, reason: `${host} does not resolve` };
  for (const a of addresses) {
    const why = forbiddenAddressReason(a);
    if (why) return { ok: false, reason: `${host} resolves to ${why}` };
  }
  return { ok: true };
}
