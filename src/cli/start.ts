import { runUntilSignalled } from '../main.ts';

export async function startCommand(): Promise<void> {
  await runUntilSignalled();
}
