// `/api/openapi.json` and `/api/docs`: the description of every JSON API (http/openapi.ts) as
// OpenAPI 3.1, and as a page to read (in the reader's page language and text size), with its
// style sheet. All public: the document holds no secrets and changes only with a release.
import { readFileSync } from 'node:fs';
import { Router } from 'express';
import { openApiDocument } from '../openapi.ts';
import { apiDocsPage } from '../views/api-docs-page.ts';
import { pageOptions } from '../views/prefs.ts';

const css = readFileSync(new URL('../views/api-docs.css', import.meta.url), 'utf8');

export function apiDocsRoutes(): Router {
  const r = Router();
  r.get('/api/openapi.json', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(openApiDocument());
  });
  r.get('/api/docs', (req, res) => {
    const o = pageOptions(req, res, () => 'API reference');
    res.type('html').send(apiDocsPage(o, openApiDocument()));
  });
  r.get('/static/api-docs.css', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').type('css').send(css);
  });
  return r;
}
