/** Authentication: identity providers, passwords, sessions, API tokens, bootstrap. See docs/security.md. */
export { AuthService, actorOf, rolePermissions, TOKEN_PREFIX, type Principal, type ClientInfo, type LoginResult } from './auth.service.js';
export { TokenService, type NewTokenRequest } from './token.service.js';
export { PasswordIdentityProvider, type IdentityProvider, type PasswordCredentials } from './identity-provider.js';
export {
  hashPassword,
  verifyPassword,
  checkPasswordPolicy,
  assertPasswordPolicy,
  generatePassword,
  PASSWORD_POLICY_TEXT,
  MIN_PASSWORD_LENGTH,
  type PasswordViolation,
  type PasswordRule,
} from './password.js';
export { authSettingsFrom, DEFAULT_AUTH_SETTINGS, type AuthSettings } from './settings.js';
export { ensureAdmin, resetPassword, type EnsureAdminResult } from './bootstrap.js';
export { LoginLimiter } from './login-limiter.js';
export { digest, newSecret, safeEqual } from './secrets.js';
