import { VisibleError } from '../errors/index.ts';
import { type ApiKeyRecord, apiKeyRecord, hashKey, type KeyStore, publicInfo, sameHash } from './keys.ts';

/**
 * Read-only keys given as records (for example a Lambda or Worker secret holding the `keys` array of the key
 * file): verification only, nothing to write.
 */
export function staticKeyStore(records: readonly ApiKeyRecord[]): KeyStore {
  const active = records
    .map((record) => apiKeyRecord.parse(record))
    .filter((record) => record.revokedAt === null);
  const readOnly = () => Promise.reject(new VisibleError('These API keys are read-only here.', 'read_only'));
  return {
    create: readOnly,
    revoke: readOnly,
    list: async () => records.map(publicInfo),
    async find(key) {
      const hash = await hashKey(key);
      const found = active.find((record) => sameHash(record.hash, hash));
      return found ? publicInfo(found) : undefined;
    },
  };
}
