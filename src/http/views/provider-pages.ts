// The pages oidc-provider renders itself (errors, logout confirmation, signed out), in the same
// look as ours.
import type { ProviderPages } from '../../oidc/provider.ts';
import { allowFormTarget } from '../middleware/form-redirect-csp.ts';
import { errorPage, loggedOutPage, logoutPage } from './pages.ts';
import { koaPageOptions } from './prefs.ts';

export const providerPages: ProviderPages = {
  error: (ctx, code) => errorPage(koaPageOptions(ctx, (t) => t.errorHeading), code),
  logout: (ctx, form) => {
    // The provider has checked the post-logout URI against the app's registration by now.
    allowFormTarget(ctx.res, ctx.oidc.params?.post_logout_redirect_uri);
    return logoutPage(koaPageOptions(ctx, (t) => t.logoutHeading), form);
  },
  loggedOut: (ctx) => loggedOutPage(koaPageOptions(ctx, (t) => t.logoutHeading)),
};
