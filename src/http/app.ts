import express from 'express';
import type { Express, Router } from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { AppError } from '../domain/errors.ts';
import { accessLog } from './middleware/access-log.ts';
import { errorHandler } from './middleware/error-handler.ts';
import { createMetrics } from './middleware/metrics.ts';
import { requestId } from './middleware/request-id.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { healthRoutes } from './routes/health.ts';
import type { ReadinessCheck } from './routes/health.ts';

export interface AppOptions {
  logger: Logger;
  bodyLimit: string;
  trustProxy: boolean | number;
  readiness: ReadinessCheck[];
  isStopping: () => boolean;
  /** Feature routers, mounted in order after the shared middleware. */
  routers: Router[];
  /** Path prefixes whose bodies are left unread for a router that parses its own (oidc-provider). */
  unparsedPrefixes?: string[];
  /**
   * Routers that read their own bodies (oidc-provider), mounted right after the shared headers,
   * logging and metrics: the token endpoint is the busiest route and skips the layers after them.
   */
  first?: Router[];
  /** The registry /metrics serves (the service's operation counters); a new one when absent. */
  metrics?: Registry;
}

/** The express application: shared middleware, feature routes, one error handler. */
export function createApp(opts: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', opts.trustProxy);
  const metrics = createMetrics(opts.metrics);

  app.use(requestId());
  app.use(accessLog(opts.logger));
  app.use(metrics.middleware);
  app.use(securityHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  }));
  app.use((_req, res, next) => {
    if (opts.isStopping()) res.setHeader('Connection', 'close');
    next();
  });
  for (const router of opts.first ?? []) app.use(router);
  const unparsed = (path: string) => (opts.unparsedPrefixes ?? []).some((p) => path === p || path.startsWith(`${p}/`));
  const json = express.json({ limit: opts.bodyLimit });
  const form = express.urlencoded({ extended: false, limit: opts.bodyLimit });
  app.use((req, res, next) => (unparsed(req.path) ? next() : json(req, res, next)));
  app.use((req, res, next) => (unparsed(req.path) ? next() : form(req, res, next)));

  app.use(healthRoutes(opts.readiness, opts.isStopping));
  app.get('/metrics', async (_req, res) => {
    res.set('Content-Type', metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  for (const router of opts.routers) app.use(router);

  app.use((_req, _res, next) => next(new AppError('ERR_NOT_FOUND', 'no such route')));
  app.use(errorHandler(opts.logger, (code) => metrics.errors.inc({ code })));
  return app;
}
