// The sign-in routes' former entry point, kept only until the composition root mounts
// sign-in/router.ts and sign-in/qr.ts itself; then this file and interaction-qr.ts go.
export { signInRoutes as interactionRoutes } from './sign-in/router.ts';

/** Nothing to pass any more: every sign-in route loads its interaction through sign-in/steps.ts. */
export const withInteraction = null;
