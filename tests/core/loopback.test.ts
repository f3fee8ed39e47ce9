import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../core/loopback';

describe('isLoopbackHost: where plain HTTP is allowed', () => {
  it('takes 127.0.0.0/8, ::1 (bracketed as URLs write it) and localhost in any case', () => {
    for (const h of ['127.0.0.1', '127.10.20.30', '::1', '[::1]', 'localhost', 'LocalHost'])
      expect(isLoopbackHost(h), h).toBe(true);
  });
  it('refuses names that only look like it, and every other address', () => {
    for (const h of ['127.shop.example', '127.0.0.1.nip.io', '10.0.0.1', '0.0.0.0', 'hq.example', '::2', ''])
      expect(isLoopbackHost(h), h).toBe(false);
  });
});
