// Acting for an enterprise (法人办事) in the sign-in flow.
//
// A citizen who is a legal person's legal representative, or its current agent for the app, may
// choose to act for it. The choice is made on a prompt of its own, `select_org`, after login and
// consent, and is remembered for the app's grant (one grant per session and app) in the
// key-value store. The prompt shows:
// - when the app asks for it with `prompt=select_org` (switching enterprise later: the app sends
//   the browser to authorise again with that prompt; the session stays, only the choice changes);
// - when the app requires an enterprise with a claims request (`claims={"id_token":{"org":
//   {"essential":true}}}`, or in `userinfo`): then "act as myself" is not offered, and a person
//   who may act for no enterprise in this app can only cancel;
// - the first time a person who may act for an enterprise signs in to an app in the session;
// - when the enterprise chosen may no longer be acted for (revoked, expired, out of scope).
// Whether to ask is the sign-in service's decision (finish-sign-in.ts, the select_org hold): the
// prompt gathers what it needs (the choice kept for the grant, the enterprises allowed) and asks it.
// Tokens for the grant then carry `org` ({credit_code, name}) and `act` ({sub, role}) in the ID
// token, userinfo and access tokens (introspection). `act.sub` is the acting person's subject as
// this app sees it (the token's `sub`: the person stays the subject, the enterprise is `org`).
// Each token request checks the choice again (findAccount): once the agent grant is revoked or
// expired, or the app is outside its scope, or the representative changed, the code exchange and
// the next refresh fail with invalid_grant and userinfo with invalid_token.
import { interactionPolicy } from 'oidc-provider';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { accountKindOfId } from '../domain/account.ts';
import type { KvStore } from '../ports/kv-store.ts';
import type { ActingOption } from '../services/acting/acting-deps.ts';
import { mustChooseWhomToActFor, orgRequired } from '../services/identity/finish-sign-in.ts';
import type { ActingState } from '../services/identity/finish-sign-in.ts';

const { Check, Prompt } = interactionPolicy;

export const SELECT_ORG_PROMPT = 'select_org';

/** How long a choice is kept: as long as the grant it belongs to (provider.ts ttl.Grant). */
export const ACTING_CHOICE_TTL_S = 14 * 24 * 3600;

/** What the provider asks the acting use cases. */
export interface ActingHooks {
  /** The enterprises this person may act for in this app now. */
  options(personId: string, clientId: string): Promise<ActingOption[]>;
  /** The enterprise if the person may still act for it in this app, else null. */
  actingFor(personId: string, legalPersonId: string, clientId: string): Promise<ActingOption | null>;
}

/** The choice for one grant: an enterprise, or null for "as myself". */
export interface ActingChoice {
  personId: string;
  legalPersonId: string | null;
}

const choiceKey = (grantId: string) => `acting:grant:${grantId}`;

export async function readActingChoice(kv: KvStore, grantId: string | undefined): Promise<ActingChoice | null> {
  if (!grantId) return null;
  const raw = await kv.get(choiceKey(grantId));
  return raw ? (JSON.parse(raw) as ActingChoice) : null;
}

export async function recordActingChoice(kv: KvStore, grantId: string, choice: ActingChoice, ttlSeconds: number): Promise<void> {
  await kv.set(choiceKey(grantId), JSON.stringify(choice), ttlSeconds);
}

/** The claims a token carries while acting; `actSub` is the person's subject as the app sees it. */
export function actingClaims(actSub: string, o: ActingOption): Record<string, unknown> {
  return { org: { credit_code: o.creditCode, name: o.name }, act: { sub: actSub, role: o.role } };
}

/** What the sign-in service needs to decide whom to act for: the grant's choice, else the enterprises allowed. */
async function actingState(kv: KvStore, hooks: ActingHooks, personId: string, clientId: string, grantId: string | undefined): Promise<ActingState> {
  const choice = await readActingChoice(kv, grantId);
  if (choice?.personId === personId) {
    if (!choice.legalPersonId) return { enterprises: 0, choice: 'self' };
    return { enterprises: 0, choice: (await hooks.actingFor(personId, choice.legalPersonId, clientId)) ? 'enterprise' : 'lapsed' };
  }
  const enterprises = accountKindOfId(personId) === 'citizen' ? (await hooks.options(personId, clientId)).length : 0;
  return { enterprises, choice: null };
}

function selectOrgPrompt(kv: KvStore, hooks: ActingHooks): InstanceType<typeof Prompt> {
  return new Prompt(
    { name: SELECT_ORG_PROMPT, requestable: true },
    (ctx) => ({ required: orgRequired(ctx.oidc.claims) }),
    new Check('whom_to_act_for', 'the person is to choose whom they act for', async (ctx: KoaContextWithOIDC) => {
      const personId = ctx.oidc.session?.accountId;
      const clientId = ctx.oidc.client?.clientId;
      // Chosen in this authorization: the answer is in.
      if (ctx.oidc.result?.[SELECT_ORG_PROMPT] !== undefined || !personId || !clientId) return Check.NO_NEED_TO_PROMPT;
      const acting = await actingState(kv, hooks, personId, clientId, ctx.oidc.grant?.jti);
      const request = { claims: ctx.oidc.claims, prompt: [...ctx.oidc.prompts] };
      return mustChooseWhomToActFor(accountKindOfId(personId), request, acting) ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT;
    }),
  );
}

type FindAccount = NonNullable<Configuration['findAccount']>;

/**
 * The acting prompt, the `org` and `act` claims, and their check on every token request, added
 * to a provider configuration.
 */
export function addActing(configuration: Configuration, kv: KvStore, hooks: ActingHooks): void {
  const claims = configuration.claims as Record<string, string[] | null>;
  configuration.claims = { ...claims, openid: [...(claims.openid ?? []), 'org', 'act'] };
  (configuration.interactions?.policy as interactionPolicy.DefaultPolicy | undefined)?.add(selectOrgPrompt(kv, hooks));

  // The person's subject as this app sees it: pairwise for a pairwise app, like the token's `sub`,
  // so `act` never hands a third-party app the account id that pairwise subjects keep from it.
  const pairwise = configuration.pairwiseIdentifier;
  const subjectFor = async (ctx: KoaContextWithOIDC | undefined, personId: string, clientId: string): Promise<string> => {
    const client = ctx?.oidc.client?.clientId === clientId ? ctx.oidc.client : await ctx?.oidc.provider.Client.find(clientId);
    return client?.subjectType === 'pairwise' && pairwise && ctx ? pairwise(ctx, personId, client) : personId;
  };

  // The acting claims for a token's grant: {} when not acting, null when acting is no longer allowed.
  const check = async (ctx: KoaContextWithOIDC | undefined, token: { grantId?: string; accountId?: string; clientId?: string } | undefined) => {
    const choice = await readActingChoice(kv, token?.grantId);
    if (!choice?.legalPersonId || !token?.accountId || choice.personId !== token.accountId) return {};
    const clientId = token.clientId ?? ctx?.oidc.client?.clientId;
    const option = clientId ? await hooks.actingFor(choice.personId, choice.legalPersonId, clientId) : null;
    return option && clientId ? actingClaims(await subjectFor(ctx, choice.personId, clientId), option) : null;
  };
  // A token request asks twice (findAccount, then extraTokenClaims for the access token): the
  // answer is kept for the request, so the choice and the enterprise are read once per request.
  const perRequest = new WeakMap<object, Map<string, ReturnType<typeof check>>>();
  const forToken: typeof check = (ctx, token) => {
    if (!ctx) return check(ctx, token);
    const key = `${token?.grantId ?? ''}\n${token?.accountId ?? ''}\n${token?.clientId ?? ctx.oidc.client?.clientId ?? ''}`;
    let answers = perRequest.get(ctx);
    if (!answers) perRequest.set(ctx, answers = new Map());
    let answer = answers.get(key);
    if (!answer) {
      answer = check(ctx, token);
      answers.set(key, answer);
      // A failed read is not kept: a later ask in the request tries again.
      answer.catch(() => answers.delete(key));
    }
    return answer;
  };

  const findAccount = configuration.findAccount as FindAccount;
  configuration.findAccount = async (ctx, sub, token) => {
    const account = await findAccount(ctx, sub, token);
    if (!account || !token) return account;
    const acting = await forToken(ctx, token as never);
    if (acting === null) return undefined;
    if (!Object.keys(acting).length) return account;
    return { ...account, claims: async (...args) => ({ ...(await account.claims(...args)), ...acting }) };
  };
  configuration.extraTokenClaims = async (ctx, token) => {
    if (!('grantId' in token) || !token.grantId) return undefined;
    return (await forToken(ctx, token as never)) ?? undefined;
  };
}
