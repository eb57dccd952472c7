import type { Account, StaffFacts } from '../domain/account.ts';
import type { Department } from '../domain/department.ts';

/** A position (职务) staff may hold, e.g. `kz` 科长. */
export interface Position {
  id: string;
  name: string;
  createdAt: string;
}

/** Which staff to list: of some departments, whose name or staff number contains `text`. */
export interface StaffQuery {
  departmentIds?: string[];
  text?: string;
  status?: 'active' | 'disabled';
  limit: number;
  offset: number;
}

/** Administration of the staff directory, beside the accounts themselves (AccountStore). */
export interface StaffDirectoryStore {
  /** Staff accounts matching the query, ordered by staff number, and how many match in all. */
  listStaff(query: StaffQuery): Promise<{ accounts: Account[]; total: number }>;
  /** Replace a staff member's name, department, positions and roles (the staff number stays); ERR_NOT_FOUND when absent. */
  updateStaff(id: string, name: string, staff: Omit<StaffFacts, 'staffNumber'>): Promise<void>;
  /** Set an account's status; ERR_NOT_FOUND when absent. */
  setStatus(id: string, status: Account['status']): Promise<void>;
  /** Replace a department's name and parent; ERR_NOT_FOUND when absent. */
  updateDepartment(department: Department): Promise<void>;
  /** Every position, by id. */
  positions(): Promise<Position[]>;
  /** Insert a position; ERR_CONFLICT when the id exists. */
  addPosition(position: Position): Promise<void>;
  /** Rename a position; ERR_NOT_FOUND when absent. */
  renamePosition(id: string, name: string): Promise<void>;
}
