/**
 * Identity providers prove WHO is logging in and nothing more: they return an `Identity`
 * (provider + subject). What that person may do comes from the Vitals account linked to the
 * identity (`user_identity` table → `app_user` roles and scopes), never from the provider.
 *
 * Today: `PasswordIdentityProvider` (local accounts, argon2id). To add OIDC single sign-on,
 * implement `IdentityProvider<{ code: string; state: string; … }>` whose `authenticate`
 * exchanges the authorization code, verifies the ID token and returns
 * `{ provider: 'oidc:<name>', subject: <sub claim> }`; add start/callback routes that call it
 * and then `AuthService.startSession(identity, …)`. See docs/security.md.
 */
import type { Identity } from '../../core/access/index.js';
import type { UserRepository } from '../../storage/repositories/user.repository.js';
import { burnVerification, verifyPassword } from './password.js';

export interface IdentityProvider<Credentials> {
  /** `local`, or e.g. `oidc:hebei-sso`; matches `user_identity.provider`. */
  readonly id: string;
  /** The proven identity, or undefined when the credentials prove nobody. Never throws for bad credentials. */
  authenticate(credentials: Credentials): Promise<Identity | undefined>;
}

export interface PasswordCredentials {
  /** The user id (login name), already normalised to lower case. */
  readonly username: string;
  readonly password: string;
}

/** Local accounts: the subject is the user id; the argon2id hash lives in `app_user`. */
export class PasswordIdentityProvider implements IdentityProvider<PasswordCredentials> {
  readonly id = 'local';

  constructor(private readonly users: UserRepository) {}

  async authenticate({ username, password }: PasswordCredentials): Promise<Identity | undefined> {
    const stored = await this.users.passwordHash(username);
    if (!stored) {
      await burnVerification(password);
      return undefined;
    }
    return (await verifyPassword(stored, password)) ? { provider: this.id, subject: username } : undefined;
  }
}
