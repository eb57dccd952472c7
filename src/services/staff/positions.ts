// The catalogue of positions (职务) staff may hold: list, add (the id is free), rename; each
// change audited. Staff records name positions by id (staff-fields.ts).
import type { Position } from '../../ports/staff-directory-store.ts';
import { AppError } from '../../domain/errors.ts';
import { auditActor, invalid } from './staff-deps.ts';
import type { StaffActor, StaffDeps } from './staff-deps.ts';

type Deps = Pick<StaffDeps, 'directory' | 'audit' | 'clock'>;

export function listPositions(deps: Pick<StaffDeps, 'directory'>): Promise<Position[]> {
  return deps.directory.positions();
}

export async function addPosition(deps: Deps, input: { id: string; name: string }, actor: StaffActor): Promise<Position> {
  if ((await deps.directory.positions()).some((p) => p.id === input.id)) throw invalid({ path: ['id'], code: 'taken', message: 'a position with this id exists' });
  const position: Position = { id: input.id, name: input.name, createdAt: deps.clock.now().toISOString() };
  await deps.directory.addPosition(position);
  await deps.audit.append({ ...auditActor(actor), action: 'position.add', object: position.id, outcome: 'success', details: { name: position.name } });
  return position;
}

export async function renamePosition(deps: Deps, id: string, name: string, actor: StaffActor): Promise<Position> {
  const current = (await deps.directory.positions()).find((p) => p.id === id);
  if (!current) throw new AppError('ERR_NOT_FOUND', 'no such position');
  await deps.directory.renamePosition(id, name);
  await deps.audit.append({ ...auditActor(actor), action: 'position.rename', object: id, outcome: 'success', details: { from: current.name, name } });
  return { ...current, name };
}
