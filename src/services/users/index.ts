/** User administration (accounts, roles, scopes, password resets), audited. */
export { UserService, USER_ID_PATTERN, type NewUserRequest, type UserUpdateRequest, type AdminContext } from './user.service.js';
