import fc from 'fast-check';
import { classifyAddress, forbiddenAddressReason, isIpLiteral, parseIPv4, parseIPv6, type AddressKind } from './address.js';

describe('classifyAddress', () => {
  it.each<[string, AddressKind, string | null]>([
    // IPv4, public
    ['93.184.215.14', 'public', null],
    ['8.8.8.8', 'public', null],
    ['1.1.1.1', 'public', null],
    ['172.32.0.1', 'public', null], // just past 172.16.0.0/12
    ['100.128.0.1', 'public', null], // just past the CGNAT range
    ['11.0.0.1', 'public', null],
    // IPv4, forbidden
    ['10.0.0.1', 'private', '10.0.0.0/8'],
    ['172.16.0.1', 'private', '172.16.0.0/12'],
    ['172.31.255.255', 'private', '172.16.0.0/12'],
    ['192.168.1.10', 'private', '192.168.0.0/16'],
    ['127.0.0.1', 'loopback', '127.0.0.0/8'],
    ['127.255.255.254', 'loopback', '127.0.0.0/8'],
    ['169.254.169.254', 'link_local', '169.254.0.0/16'], // cloud metadata
    ['100.64.0.1', 'cgnat', '100.64.0.0/10'],
    ['100.127.255.255', 'cgnat', '100.64.0.0/10'],
    ['0.0.0.0', 'unspecified', '0.0.0.0/8'],
    ['255.255.255.255', 'broadcast', '255.255.255.255/32'],
    ['224.0.0.251', 'multicast', '224.0.0.0/4'],
    ['240.0.0.1', 'reserved', '240.0.0.0/4'],
    ['192.0.2.1', 'documentation', '192.0.2.0/24'],
    ['198.18.0.1', 'benchmarking', '198.18.0.0/15'],
    ['192.0.0.8', 'reserved', '192.0.0.0/24'],
    // inet_aton spellings of 127.0.0.1 and 10.0.0.1: decimal, octal, hex, short forms
    ['2130706433', 'loopback', '127.0.0.0/8'],
    ['0177.0.0.1', 'loopback', '127.0.0.0/8'],
    ['0x7f.0.0.1', 'loopback', '127.0.0.0/8'],
    ['0x7f000001', 'loopback', '127.0.0.0/8'],
    ['127.1', 'loopback', '127.0.0.0/8'],
    ['017700000001', 'loopback', '127.0.0.0/8'],
    ['012.0.0.1', 'private', '10.0.0.0/8'],
    ['167772161', 'private', '10.0.0.0/8'],
    ['0xa9.0xfe.0xa9.0xfe', 'link_local', '169.254.0.0/16'],
    // IPv6
    ['2606:4700:4700::1111', 'public', null],
    ['2a00:1450:4007:80e::200e', 'public', null],
    ['::1', 'loopback', '::1/128'],
    ['[::1]', 'loopback', '::1/128'],
    ['0:0:0:0:0:0:0:1', 'loopback', '::1/128'],
    ['::', 'unspecified', '::/128'],
    ['fe80::1', 'link_local', 'fe80::/10'],
    ['fe80::1%eth0', 'link_local', 'fe80::/10'],
    ['febf::1', 'link_local', 'fe80::/10'],
    ['fc00::1', 'unique_local', 'fc00::/7'],
    ['fd12:3456:789a::1', 'unique_local', 'fc00::/7'],
    ['ff02::1', 'multicast', 'ff00::/8'],
    ['2001:db8::1', 'documentation', '2001:db8::/32'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved', '2001::/32'], // Teredo
    // IPv6 carrying an IPv4 address
    ['::ffff:127.0.0.1', 'loopback', '::ffff:0:0/96 → 127.0.0.0/8'],
    ['::ffff:7f00:1', 'loopback', '::ffff:0:0/96 → 127.0.0.0/8'],
    ['[::ffff:169.254.169.254]', 'link_local', '::ffff:0:0/96 → 169.254.0.0/16'],
    ['::ffff:10.0.0.1', 'private', '::ffff:0:0/96 → 10.0.0.0/8'],
    ['::ffff:93.184.215.14', 'public', null],
    ['::127.0.0.1', 'loopback', '::/96 → 127.0.0.0/8'],
    ['64:ff9b::10.0.0.1', 'private', '64:ff9b::/96 → 10.0.0.0/8'],
    ['64:ff9b::8.8.8.8', 'public', null],
    ['2002:c0a8:0101::1', 'private', '2002::/16 → 192.168.0.0/16'], // 6to4 of 192.168.1.1
    ['2002:5db8:d70e::1', 'public', null], // 6to4 of 93.184.215.14
  ])('%s → %s', (input, kind, range) => {
    const c = classifyAddress(input);
    expect([c.kind, c.range]).toEqual([kind, range]);
  });

  it.each(['', 'example.org', 'localhost', '1.2.3.4.5', '256.0.0.1', '1.2.3.', '4294967296', '::ffff:1.2.3', '1::2::3', '12345::1', 'gggg::1', '1:2:3:4:5:6:7:8:9', '09.1.1.1'])(
    '%p is not an IP address', (input) => {
      expect(classifyAddress(input).kind).toBe('invalid');
      expect(isIpLiteral(input)).toBe(false);
    });

  it('gives canonical spellings', () => {
    expect(classifyAddress('0x7f.1').address).toBe('127.0.0.1');
    expect(classifyAddress('::FFFF:127.0.0.1').address).toBe('0:0:0:0:0:ffff:7f00:1');
    expect(classifyAddress('2130706433').family).toBe(4);
    expect(classifyAddress('::1').family).toBe(6);
  });

  it('says why an address is refused, and nothing for a public one', () => {
    expect(forbiddenAddressReason('169.254.169.254')).toBe('169.254.169.254 is a link-local address (169.254.0.0/16)');
    expect(forbiddenAddressReason('::ffff:10.0.0.1')).toBe('::ffff:10.0.0.1 is a private address (::ffff:0:0/96 → 10.0.0.0/8)');
    expect(forbiddenAddressReason('93.184.215.14')).toBeNull();
  });

  it('judges an IPv4-mapped IPv6 address exactly like the IPv4 address it maps (property)', () => {
    fc.assert(fc.property(fc.ipV4(), (ip) => {
      expect(classifyAddress(`::ffff:${ip}`).kind).toBe(classifyAddress(ip).kind);
    }));
  });

  it('reads every dotted IPv4 as the same address as its 32-bit decimal spelling (property)', () => {
    fc.assert(fc.property(fc.ipV4(), (ip) => {
      const n = parseIPv4(ip)!;
      expect(classifyAddress(String(n))).toEqual(classifyAddress(ip));
    }));
  });
});

describe('parseIPv6', () => {
  it.each<[string, number[]]>([
    ['::', [0, 0, 0, 0, 0, 0, 0, 0]],
    ['1::', [1, 0, 0, 0, 0, 0, 0, 0]],
    ['1:2:3:4:5:6:7:8', [1, 2, 3, 4, 5, 6, 7, 8]],
    ['1:2:3:4:5:6:1.2.3.4', [1, 2, 3, 4, 5, 6, 0x102, 0x304]],
    ['::ffff:1.2.3.4', [0, 0, 0, 0, 0, 0xffff, 0x102, 0x304]],
  ])('%s', (input, groups) => expect(parseIPv6(input)).toEqual(groups));
});
