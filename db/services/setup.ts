import { fail } from '../../core/errors';
import type { Language } from '../../core/languages';
import type { Store } from '../store';
import { updateSettings } from './settings';
import { createUser, listUsers, type User } from './users';

/**
 * The station's first run: names the shop and creates its first admin, in one transaction, and only
 * while there is no user at all (CONFLICT afterwards), so a station that is set up cannot be taken over
 * by calling it again. The caller logs the new admin in.
 */
export function setupStation(
  store: Store,
  input: { adminName: string; pin: string; shopName: string; language?: Language },
): User {
  return store.tx(() => {
    if (listUsers(store, true).length > 0) {
      fail('CONFLICT', 'This station is already set up: log in with an existing user.', {});
    }
    updateSettings(store, null, { shop: { name: input.shopName } });
    return createUser(store, null, {
      name: input.adminName,
      role: 'admin',
      pin: input.pin,
      language: input.language ?? 'fr',
    });
  });
}
