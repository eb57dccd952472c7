// Shapes of the staff directory's requests, shared by the API and the admin pages.
import { z } from 'zod';
import { STAFF_ROLES } from '../../domain/account.ts';

const departmentKind = z.enum(['city', 'bureau', 'division', 'district', 'county', 'office']);
const name = z.string().trim().min(1).max(64);
const code = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, '1–64 letters, digits, dashes or underscores');

export const staffSchemas = {
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  newDepartment: z.strictObject({
    id: code,
    name,
    kind: departmentKind,
    parentId: code.nullable(),
    creditCode: z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/).nullable().optional(),
  }),
  departmentChange: z.strictObject({ name: name.optional(), parentId: code.nullable().optional() })
    .refine((b) => b.name !== undefined || b.parentId !== undefined, 'nothing to change'),
  newPosition: z.strictObject({ id: code, name }),
  positionChange: z.strictObject({ name }),
  newStaff: z.strictObject({
    staffNumber: z.string().regex(/^[A-Za-z0-9-]{1,32}$/, '1–32 letters, digits or dashes'),
    name,
    departmentId: code,
    positions: z.array(code).max(10).default([]),
    roles: z.array(z.enum(STAFF_ROLES)).min(1).max(STAFF_ROLES.length),
    phone: z.string().regex(/^1[3-9]\d{9}$/, 'an 11-digit mobile number').nullable().default(null),
  }),
  staffChange: z.strictObject({
    name: name.optional(),
    departmentId: code.optional(),
    positions: z.array(code).max(10).optional(),
  }).refine((b) => Object.values(b).some((v) => v !== undefined), 'nothing to change'),
  /** The whole set of a staff member's roles (the security administrator's). */
  roles: z.strictObject({ roles: z.array(z.enum(STAFF_ROLES)).min(1).max(STAFF_ROLES.length) }),
  staffQuery: z.strictObject({
    departmentId: code.optional(),
    subtree: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    q: z.string().trim().min(1).max(64).optional(),
    status: z.enum(['active', 'disabled']).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  }).transform(({ q, ...rest }) => ({ ...rest, ...(q ? { text: q } : {}) })),
};
