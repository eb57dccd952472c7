// Style sheets and shared scripts for the server-rendered pages (the CSP allows same-origin files only).
import { readFileSync } from 'node:fs';
import express from 'express';
import type { Router } from 'express';

const css = readFileSync(new URL('../views/yinxin.css', import.meta.url), 'utf8');
const certLoginJs = readFileSync(new URL('../views/cert-login.js', import.meta.url), 'utf8');
const portalSignInJs = readFileSync(new URL('../views/portal-sign-in.js', import.meta.url), 'utf8');

export function staticRoutes(): Router {
  const router = express.Router();
  router.get('/static/yinxin.css', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').type('css').send(css);
  });
  router.get('/static/cert-login.js', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').type('js').send(certLoginJs);
  });
  router.get('/static/portal-sign-in.js', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').type('js').send(portalSignInJs);
  });
  return router;
}
