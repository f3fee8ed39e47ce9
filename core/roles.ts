/**
 * Who may do what, lowest first: a cashier sells, a manager also receives, counts and approves, an admin also
 * manages users and the station. The API's guards, the shell's IPC bridge and the renderer's menus all rank
 * roles from this one list, so a role added here is known everywhere at once.
 */
export const ROLES = ['cashier', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_RANK: Readonly<Record<Role, number>> = { cashier: 1, manager: 2, admin: 3 };

/** True when `role` may do what `min` may. */
export function hasRole(role: Role, min: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[min];
}

/** A role named by something read from outside (an envelope from the station, a stored row). */
export function isRole(value: unknown): value is Role {
  return (ROLES as readonly unknown[]).includes(value);
}
