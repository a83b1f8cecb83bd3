import { createStore, type Cipher, type Store } from '../../../server/src/store';

/** Reversible and obviously not the plaintext: enough to prove the store encrypts through the cipher. */
export const testCipher: Cipher = {
  encrypt: (plain) => `enc:${Buffer.from(plain, 'utf8').toString('base64').split('').reverse().join('')}`,
  decrypt: (enc) => {
    if (!enc.startsWith('enc:')) throw new Error('not encrypted by the test cipher');
    return Buffer.from(enc.slice(4).split('').reverse().join(''), 'base64').toString('utf8');
  },
  isCurrent: (enc) => enc.startsWith('enc:'),
};

/** Convenience for harnesses: open a store on a URL with the test cipher. */
export function openStore(url: string): Promise<Store> {
  return createStore({ url, cipher: testCipher });
}
