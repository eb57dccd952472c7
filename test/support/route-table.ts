// Every method and path of the service's router table, read from Express's own layers, so that
// tests can hold each route to a rule (hostile requests, an OpenAPI description).
import type { Express } from 'express';

export interface RouteEntry { method: string; path: string }

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: string;
  slash?: boolean;
}

/** Every method and path in an Express router table, nested routers included. */
export function routeTable(app: Express): RouteEntry[] {
  const out: RouteEntry[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const path of [layer.route.path].flat()) {
          for (const method of Object.keys(layer.route.methods)) out.push({ method: method.toUpperCase(), path: `${prefix}${path}` });
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, layer.slash || layer.rawPath === undefined ? prefix : `${prefix}${layer.rawPath}`);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return out;
}
