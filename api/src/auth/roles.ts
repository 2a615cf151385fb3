export const ROLES = ['member', 'librarian', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { member: 0, librarian: 1, admin: 2 };

/** Roles are ordered: an admin can do all a librarian can, and a librarian all a member can. */
export function hasRole(actual: Role, required: Role): boolean {
  return RANK[actual] >= RANK[required];
}

/** The caller, as proven by a valid access token. */
export interface AuthUser {
  readonly id: string;
  readonly role: Role;
}
