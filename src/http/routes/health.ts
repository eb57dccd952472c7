import { Router } from 'express';

export interface ReadinessCheck {
  name: string;
  ping(): Promise<void>;
}

const TIMEOUT_MS = 2000;

function withTimeout(p: Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS);
    p.then(resolve, reject).finally(() => clearTimeout(t));
  });
}

/** `/healthz`: the process is alive. `/readyz`: every backing service answers, and we are not stopping. */
export function healthRoutes(checks: ReadinessCheck[], isStopping: () => boolean): Router {
  const r = Router();
  r.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  r.get('/readyz', async (_req, res) => {
    const results = await Promise.all(checks.map(async (c) => {
      try {
        await withTimeout(c.ping());
        return [c.name, 'up'] as const;
      } catch {
        return [c.name, 'down'] as const;
      }
    }));
    const stopping = isStopping();
    const ready = !stopping && results.every(([, s]) => s === 'up');
    const body = { status: ready ? 'ready' : 'not_ready', checks: Object.fromEntries(results) };
    if (ready) {
      res.json(body);
      return;
    }
    const code = stopping ? 'ERR_SHUTTING_DOWN' : 'ERR_NOT_READY';
    res.status(503).json({ ...body, error: { code, message: stopping ? 'The service is shutting down.' : 'A backing service is unavailable.' } });
  });
  return r;
}
