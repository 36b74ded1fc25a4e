import { createHmac } from 'node:crypto';
import { signatureHeader, signatureOf, verifySignature, type VerifyInput } from './signature.js';

const secret = 'x4cWx2m3kq0Zb1p9Tt6v7Yl8Qe5Rr2Ss3Uu4Vv5Ww6';
const body = JSON.stringify({ id: '0190f0a0-0000-7000-8000-000000000001', type: 'label.granted', payload: { labelNumber: 'AV-2026-0042', note: 'é €' } });
const t = 1_798_000_000;
const input = (o: Partial<VerifyInput> = {}): VerifyInput => ({ secret, header: signatureHeader([secret], t, body), timestamp: String(t), body, nowSeconds: t + 5, ...o });

describe('webhook signature', () => {
  it('is the hex HMAC-SHA256 of "<timestamp>.<body>" with the secret', () => {
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(signatureOf(secret, t, body)).toBe(expected);
    expect(signatureHeader([secret], t, body)).toBe(`v1=${expected}`);
  });

  it('verifies what it signed', () => {
    expect(verifySignature(input())).toEqual({ ok: true });
    expect(verifySignature(input({ timestamp: t }))).toEqual({ ok: true });
  });

  it('refuses a tampered body, another secret, another timestamp', () => {
    expect(verifySignature(input({ body: body.replace('0042', '0043') }))).toEqual({ ok: false, reason: 'signature_mismatch' });
    expect(verifySignature(input({ secret: `${secret}x` }))).toEqual({ ok: false, reason: 'signature_mismatch' });
    // The timestamp is signed: moving it (to dodge the tolerance) breaks the signature.
    expect(verifySignature(input({ timestamp: String(t + 10), nowSeconds: t + 10 }))).toEqual({ ok: false, reason: 'signature_mismatch' });
  });

  it('refuses an old timestamp (replay) and one too far in the future, within the tolerance either side', () => {
    expect(verifySignature(input({ nowSeconds: t + 301 }))).toEqual({ ok: false, reason: 'timestamp_out_of_tolerance' });
    expect(verifySignature(input({ nowSeconds: t - 301 }))).toEqual({ ok: false, reason: 'timestamp_out_of_tolerance' });
    expect(verifySignature(input({ nowSeconds: t + 300 }))).toEqual({ ok: true });
    expect(verifySignature(input({ nowSeconds: t + 3600, toleranceSeconds: 7200 }))).toEqual({ ok: true });
  });

  it('refuses missing or malformed headers', () => {
    expect(verifySignature(input({ header: undefined }))).toEqual({ ok: false, reason: 'missing_signature' });
    expect(verifySignature(input({ header: '  ' }))).toEqual({ ok: false, reason: 'missing_signature' });
    expect(verifySignature(input({ timestamp: undefined }))).toEqual({ ok: false, reason: 'missing_timestamp' });
    expect(verifySignature(input({ timestamp: '17e8' }))).toEqual({ ok: false, reason: 'missing_timestamp' });
    expect(verifySignature(input({ header: 'v0=abc' }))).toEqual({ ok: false, reason: 'malformed_signature' });
    expect(verifySignature(input({ header: `v1=${'z'.repeat(64)}` }))).toEqual({ ok: false, reason: 'malformed_signature' });
    expect(verifySignature(input({ header: `v1=${signatureOf(secret, t, body).slice(0, 63)}` }))).toEqual({ ok: false, reason: 'malformed_signature' });
  });

  it('accepts any of several entries (secret rotation), whatever their order', () => {
    const old = 'old-secret';
    const header = signatureHeader([secret, old], t, body);
    expect(header.split(',')).toHaveLength(2);
    expect(verifySignature(input({ header }))).toEqual({ ok: true });
    expect(verifySignature(input({ header, secret: old }))).toEqual({ ok: true });
    expect(verifySignature(input({ header: header.split(',').reverse().join(', ') }))).toEqual({ ok: true });
    expect(verifySignature(input({ header, secret: 'third' }))).toEqual({ ok: false, reason: 'signature_mismatch' });
    expect(() => signatureHeader([], t, body)).toThrow();
  });
});
