import type { NextFunction, Request, Response } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics: process defaults plus request counts and durations per route, on `registry`
 * (the service's, which also holds the operation counters) or a registry of their own.
 * A router that knows its requests better than by path (oidc-provider's endpoints, all under one
 * mount) names the route in `res.locals.route`. A second app over the same registry (one container
 * serving two listeners) shares the first one's metrics: a registry refuses a name twice.
 */
export function createMetrics(registry = new Registry()) {
  if (!registry.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics({ register: registry });
  const duration = (registry.getSingleMetric('yinxin_http_request_duration_seconds') as Histogram<'method' | 'route' | 'status'> | undefined) ?? new Histogram({
    name: 'yinxin_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const errors = (registry.getSingleMetric('yinxin_http_errors_total') as Counter<'code'> | undefined) ?? new Counter({
    name: 'yinxin_http_errors_total',
    help: 'Error responses by code',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const middleware = (req: Request, res: Response, next: NextFunction): void => {
    const end = duration.startTimer();
    res.on('finish', () => {
      // The matched route pattern keeps label cardinality bounded (never raw paths).
      const named = (res.locals as { route?: unknown }).route;
      const route = typeof named === 'string' ? named
        : (req.route as { path?: string } | undefined)?.path ?? (res.statusCode === 404 ? 'unmatched' : req.baseUrl || 'other');
      end({ method: req.method, route: String(route), status: String(res.statusCode) });
    });
    next();
  };
  return { registry, middleware, errors };
}
