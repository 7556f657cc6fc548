/**
 * First start and recovery, for the CLI: `ensureAdmin` creates the `admin` account with a
 * freshly generated password when no enabled administrator exists (printed once by
 * `vitals start`, never stored in clear, never a fixed default); `resetPassword` gives any
 * account a new generated password (`vitals users reset-password NAME`).
 */
import type { Database } from '../../storage/database.js';
import { UserRepository } from '../../storage/repositories/user.repository.js';
import { UserService } from '../users/user.service.js';

export type EnsureAdminResult =
  | { readonly created: true; readonly username: 'admin'; readonly password: string }
  | { readonly created: false };

const SYSTEM = { actorId: 'system', context: { via: 'cli' } };

/**
 * Create `admin` (role admin, view scope: the nation) when no enabled administrator exists.
 * If an account named `admin` exists but lost its role or was disabled, it is NOT silently
 * re-armed: use `resetPassword` and the user administration instead (returns created: false).
 */
export async function ensureAdmin(database: Pick<Database, 'db'>, now: () => Date = () => new Date()): Promise<EnsureAdminResult> {
  const users = new UserRepository(database.db);
  if ((await users.countActiveWithRole('admin')) > 0) return { created: false };
  if (await users.get('admin')) return { created: false };
  const { user, generatedPassword } = await new UserService(database.db, now).create({
    username: 'admin',
    displayName: '系统管理员 Administrator',
    roles: ['admin'],
    // The nation's subtree: administrators read the whole audit log. No capture scope:
    // administrators do not enter or approve data (separation of duties).
    viewScope: ['000000'],
    captureScope: [],
  }, SYSTEM, { allowUnknownRegions: true });
  return { created: true, username: user.id as 'admin', password: generatedPassword! };
}

/**
 * Give `username` a new generated password (returned once), unlock it, force a change at next
 * login and end its sessions and tokens. @throws VITALS_E_NOT_FOUND
 */
export async function resetPassword(database: Pick<Database, 'db'>, username: string, now: () => Date = () => new Date()): Promise<string> {
  return new UserService(database.db, now).resetPassword(username.trim().toLowerCase(), SYSTEM);
}
