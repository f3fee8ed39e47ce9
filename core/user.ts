/**
 * A person who logs in at the till or the back office, as every layer sees them: db/services/users.ts
 * returns it (never the PIN's hash), api/schemas.ts's UserOut is checked equal to it at compile time.
 */
import type { Language } from './languages';
import type { Role } from './roles';

export interface User {
  id: number;
  name: string;
  role: Role;
  language: Language;
  active: boolean;
}
