import type { Context } from 'hono';
import { ApiError } from './errors.ts';
import type { AuthPort, Principal } from './ports.ts';

const KEY_SHAPE = /^[A-Za-z0-9_-]{16,200}$/;

/** The key from `Authorization: Bearer <key>` or `X-API-Key: <key>`; 401 when missing, unknown or revoked. */
export async function authenticate(c: Context, auth: AuthPort): Promise<Principal> {
  const key = presentedKey(c);
  if (key === undefined) {
    throw new ApiError(
      401,
      'unauthorized',
      'An API key is required: send it as "Authorization: Bearer <key>" (create one with `viscura keys create`).',
    );
  }
  const principal = KEY_SHAPE.test(key) ? await auth.verify(key) : undefined;
  if (!principal) throw new ApiError(401, 'invalid_key', 'The API key is not valid, or it was revoked.');
  return principal;
}

function presentedKey(c: Context): string | undefined {
  const header = c.req.header('authorization');
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match ? match[1] : '';
  }
  return c.req.header('x-api-key');
}

/** 403 when the key is scoped to other datasets. Checked before the dataset is even looked up. */
export function assertDatasetAllowed(principal: Principal, dataset: string): void {
  if (principal.datasets === null || principal.datasets.includes(dataset)) return;
  throw new ApiError(403, 'forbidden', `This API key may not read dataset "${dataset}".`);
}
