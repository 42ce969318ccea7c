import type { AuthPort } from '../api/ports.ts';
import type { KeyStore } from './keys.ts';

export {
  type ApiKeyInfo,
  type ApiKeyRecord,
  apiKeyRecord,
  type CreatedKey,
  generateKey,
  hashKey,
  KEY_PREFIX,
  type KeyStore,
} from './keys.ts';
export { staticKeyStore } from './static.ts';

/** The API's auth port over a key store. */
export function keyAuth(store: KeyStore): AuthPort {
  return {
    async verify(key) {
      const info = await store.find(key);
      return info ? { keyId: info.id, datasets: info.datasets } : undefined;
    },
  };
}
