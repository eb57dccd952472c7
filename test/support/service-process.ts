// The service as operators run it: `node src/cli/yinxin.ts start` in a child process, ready once
// /readyz answers; stopped with SIGTERM.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../src/cli/yinxin.ts', import.meta.url));

export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  /** What the process wrote, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export async function startServiceProcess(port: number, env: Record<string, string>): Promise<ServiceProcess> {
  let out = '';
  const child = spawn(process.execPath, [CLI, 'start'], { env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { out += d.toString(); });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(`${url}/readyz`)).ok) return { url, child, output: () => out, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`service on port ${port} did not become ready:\n${out}`);
}
