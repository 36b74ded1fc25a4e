import { Inject, Injectable } from '@nestjs/common';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { checkResolvedAddresses, checkWebhookUrl, DomainError } from '@poleflow/domain';
import { withTimeout } from '@poleflow/messaging';
import { WEBHOOK_SETTINGS, type WebhookSettings } from './webhook.settings.js';

const DNS_TIMEOUT_MS = 5000;

/** Where a delivery may connect: the URL, and for a host name a lookup that only ever answers checked addresses. */
export type DeliveryTarget = { ok: true; url: URL; lookup?: LookupFunction } | { ok: false; reason: string };

const resolveAll = (host: string): Promise<LookupAddress[]> =>
  withTimeout(new Promise<LookupAddress[]>((resolve, reject) => {
    dnsLookup(host, { all: true, order: 'verbatim' }, (err, addresses) => (err ? reject(err) : resolve(addresses)));
  }), DNS_TIMEOUT_MS, `DNS lookup of ${host}`);

/**
 * SSRF protection for webhook URLs (libs/domain `checkWebhookUrl` + `checkResolvedAddresses`): https to public
 * addresses only, unless the host is in WEBHOOK_ALLOWED_HOSTS. Checked when a URL is set, and again at every
 * delivery — where the connection is made through a lookup that resolves, checks every address and hands only
 * those to the socket, so a DNS answer that changes between the check and the connection (rebinding) is caught.
 */
@Injectable()
export class WebhookUrlPolicy {
  constructor(@Inject(WEBHOOK_SETTINGS) private readonly settings: WebhookSettings) {}

  /** At creation or update: the normalised URL, or 422 WEBHOOK_URL_FORBIDDEN with the reason. */
  async assertAllowed(raw: string): Promise<string> {
    const check = checkWebhookUrl(raw.trim(), this.settings.allowedHosts);
    if (!check.ok) throw forbidden(check.reason);
    if (check.resolve) {
      let addresses: LookupAddress[];
      try {
        addresses = await this.resolve(check.resolve);
      } catch (err) {
        throw forbidden(`${check.resolve} does not resolve (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      }
      const resolved = checkResolvedAddresses(check.resolve, addresses.map((a) => a.address));
      if (!resolved.ok) throw forbidden(resolved.reason);
    }
    return check.url.toString();
  }

  /** At delivery. */
  target(raw: string): DeliveryTarget {
    const check = checkWebhookUrl(raw, this.settings.allowedHosts);
    if (!check.ok) return check;
    if (!check.resolve) return { ok: true, url: check.url };
    const host = check.resolve;
    const lookup: LookupFunction = (hostname, options, callback) => {
      this.resolve(hostname).then((addresses) => {
        const resolved = checkResolvedAddresses(host, addresses.map((a) => a.address));
        if (!resolved.ok) throw Object.assign(new Error(`WEBHOOK_URL_FORBIDDEN: ${resolved.reason}`), { code: 'WEBHOOK_URL_FORBIDDEN' });
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
        if (!wanted.length) throw Object.assign(new Error(`${host} has no IPv${options.family} address`), { code: 'ENOTFOUND' });
        if (options.all) callback(null, wanted);
        else callback(null, wanted[0].address, wanted[0].family);
      }).catch((err: NodeJS.ErrnoException) => callback(err, '', 0));
    };
    return { ok: true, url: check.url, lookup };
  }

  /** Every address of a name (A and AAAA, as the system resolver answers). Overridden in tests. */
  protected resolve(host: string): Promise<LookupAddress[]> {
    return resolveAll(host);
  }
}

const forbidden = (reason: string): DomainError => new DomainError('WEBHOOK_URL_FORBIDDEN', `this webhook URL is not allowed: ${reason}`, 422, { reason });
