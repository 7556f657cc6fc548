/**
 * Identity ≠ authorization. A login provider (the local password store today, an OIDC
 * single-sign-on provider later) only proves WHO someone is: an `Identity`. What they may do
 * comes from the Vitals account linked to that identity: roles and scopes are granted in
 * Vitals, never taken from a provider's token. Adding SSO means adding a provider that yields
 * an `Identity`, plus an account link; this module does not change.
 */
import { Diagnostics } from '../diagnostics.js';
import { VitalsError } from '../errors.js';
import { isValidRegionCode } from '../region/index.js';
import type { Actor, Role } from './types.js';
import { ASSIGNABLE_ROLES } from './types.js';

/** A proven identity from any provider. */
export interface Identity {
  /** `local` for passwords and API tokens; e.g. `oidc:hebei-sso` for an SSO provider. */
  readonly provider: string;
  /** The provider's stable subject id (the local user id, or the OIDC `sub` claim). */
  readonly subject: string;
  readonly displayName?: string;
  readonly email?: string;
}

/** A Vitals account: the authorization side, stored by Vitals. */
export interface Account {
  readonly userId: string;
  readonly roles: readonly Role[];
  readonly captureScope: readonly string[];
  readonly viewScope: readonly string[];
  readonly disabled?: boolean;
  /** Identities that log in as this account (`{ provider: 'local', subject: userId }` for passwords). */
  readonly identities: readonly { readonly provider: string; readonly subject: string }[];
}

/** The anonymous visitor: published final results and public metadata only. */
export const PUBLIC_ACTOR: Actor = Object.freeze({ id: 'public', roles: Object.freeze(['public'] as Role[]), captureScope: Object.freeze([]), viewScope: Object.freeze([]) });

/**
 * Validate and build an actor: known assignable roles, valid region codes, no duplicates kept.
 * @throws VITALS_E_INVALID_INPUT naming every bad field and position
 */
export function makeActor(input: { id: string; roles: readonly string[]; captureScope: readonly string[]; viewScope: readonly string[] }): Actor {
  const d = new Diagnostics([`user ${String(input.id)}`]);
  if (typeof input.id !== 'string' || input.id.trim() === '' || input.id === 'public') {
    d.error('VITALS_E_INVALID_INPUT', `id must be a non-empty string other than "public"`);
  }
  (input.roles ?? []).forEach((role, i) => {
    if (!ASSIGNABLE_ROLES.includes(role as Role)) {
      d.error('VITALS_E_INVALID_INPUT', `roles[${i}] ${JSON.stringify(role)} is not one of ${ASSIGNABLE_ROLES.join(', ')}`);
    }
  });
  for (const field of ['captureScope', 'viewScope'] as const) {
    (input[field] ?? []).forEach((code, i) => {
      if (typeof code !== 'string' || !isValidRegionCode(code)) d.error('VITALS_E_INVALID_INPUT', `${field}[${i}] ${JSON.stringify(code)} is not a region code`);
    });
  }
  d.throwIfAny('VITALS_E_INVALID_INPUT');
  return {
    id: input.id,
    roles: [...new Set(input.roles as Role[])],
    captureScope: [...new Set(input.captureScope)].sort(),
    viewScope: [...new Set(input.viewScope)].sort(),
  };
}

/**
 * The actor for a proven identity. The account must list the identity and be enabled.
 * @throws VITALS_E_FORBIDDEN when no account is linked or it is disabled (details say which)
 */
export function actorFromIdentity(identity: Identity, account: Account | undefined): Actor {
  if (!account) {
    throw new VitalsError('VITALS_E_FORBIDDEN', {}, { reason: `no Vitals account is linked to ${identity.provider}:${identity.subject}` });
  }
  const linked = account.identities.some((i) => i.provider === identity.provider && i.subject === identity.subject);
  if (!linked) {
    throw new VitalsError('VITALS_E_FORBIDDEN', {}, { reason: `account ${account.userId} is not linked to ${identity.provider}:${identity.subject}` });
  }
  if (account.disabled) throw new VitalsError('VITALS_E_FORBIDDEN', {}, { reason: `account ${account.userId} is disabled` });
  return makeActor({ id: account.userId, roles: account.roles, captureScope: account.captureScope, viewScope: account.viewScope });
}
