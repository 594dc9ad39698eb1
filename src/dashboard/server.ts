// The web dashboard, served by the bot process on its own port (DASHBOARD_PORT). Hono routes the
// requests and escapes the pages (server-rendered HTML: no front end to build, nothing for a
// browser to run). Who may see it is decided here on every request: a session (cookie HttpOnly,
// SameSite=Lax, Secure behind https) opened by a signed, expiring, single-use link, and the
// member's recorded role read again each time, so a demoted instructor loses access at once.
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { secureHeaders } from 'hono/secure-headers';
import type { DashboardLinks, Services } from '../app/services.ts';
import type { DashboardConfig } from './config.ts';
import { UserError } from '../core/errors.ts';
import { PlatformStartError } from '../platforms/shared/start-error.ts';
import type { MemberRecord } from '../core/ports.ts';
import type { Language } from '../core/reply.ts';
import type { Database } from '../db/client.ts';
import { RegistryRepository } from '../db/classifier/registry.ts';
import { both, html, member, say, STYLE, type Html } from './html.ts';
import { LinkSigner } from './links.ts';
import { dashboardPages } from './pages/index.ts';
import type { DashboardPage, Notice, PageContext } from './pages/page.ts';
import { DashboardStore, SESSION_LIFETIME_MS, type DashboardSessionRecord } from './store.ts';

export interface DashboardOptions {
  config: DashboardConfig;
  services: Services;
  database: Pick<Database, 'prisma'>;
  log: (line: string) => void;
  pages?: readonly DashboardPage[];
}

export interface RunningDashboard {
  /** Where instructors open it (DASHBOARD_PUBLIC_URL, else this server's own address). */
  url: string;
  port: number;
  links: DashboardLinks;
  stop(): Promise<void>;
}

type Refusal = { status: 401 | 403; text: { ko: string; en: string } };

const REFUSED = {
  noSession: {
    status: 401,
    text: { ko: '로그인이 필요해요. 채팅에서 /dashboard 를 실행해 링크를 받아 주세요.', en: 'Please sign in: run /dashboard in the chat to get a link.' },
  },
  forged: {
    status: 401,
    text: { ko: '올바른 로그인 링크가 아니에요. /dashboard 로 새 링크를 받아 주세요.', en: 'This is not a valid sign-in link. Get a new one with /dashboard.' },
  },
  expired: {
    status: 401,
    text: {
      ko: '로그인 링크가 만료됐어요 (15분). /dashboard 로 새 링크를 받아 주세요.',
      en: 'This sign-in link has expired (15 minutes). Get a new one with /dashboard.',
    },
  },
  reused: {
    status: 401,
    text: {
      ko: '이미 사용한 로그인 링크예요. 링크는 한 번만 쓸 수 있어요. /dashboard 로 새 링크를 받아 주세요.',
      en: 'This sign-in link was already used; each link works once. Get a new one with /dashboard.',
    },
  },
  notInstructor: { status: 403, text: { ko: '대시보드는 강사만 볼 수 있어요.', en: 'The dashboard is for instructors only.' } },
  csrf: {
    status: 403,
    text: { ko: '이 양식은 만료됐어요. 페이지를 새로 고친 뒤 다시 보내 주세요.', en: 'This form has expired. Reload the page and send it again.' },
  },
} satisfies Record<string, Refusal>;

const CSP = {
  defaultSrc: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
};

interface Signed {
  session: DashboardSessionRecord;
  member: MemberRecord;
  cookie: string;
}

export function dashboardApp(options: DashboardOptions, publicUrl: URL): { app: Hono; links: DashboardLinks } {
  const signer = new LinkSigner(options.config.secret);
  const store = new DashboardStore(options.database.prisma);
  const registry = new RegistryRepository(options.database.prisma);
  const pages = options.pages ?? dashboardPages;
  const secure = publicUrl.protocol === 'https:';
  // __Host- cookies must be Secure, and then can't be set for another domain or path.
  const cookieName = secure ? '__Host-foodvision_session' : 'foodvision_session';
  const app = new Hono();

  app.use(secureHeaders({ contentSecurityPolicy: CSP, referrerPolicy: 'no-referrer', xFrameOptions: 'DENY', crossOriginResourcePolicy: 'same-origin' }));
  app.use(async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  // Forms must come from the dashboard's own origin (behind a proxy, the public one).
  app.use(csrf({ origin: publicUrl.origin }));

  app.get('/style.css', (c) => c.body(STYLE, 200, { 'Content-Type': 'text/css; charset=utf-8' }));

  const refuse = (c: Context, refusal: Refusal) =>
    c.html(shell(both(refusal.text), html`<p class="error" id="refused">${refusal.text.ko}<br>${refusal.text.en}</p>`), refusal.status);

  /** The member behind a link or a session, if they are still an instructor of that classroom. */
  const instructor = async (memberId: number, classroomId?: number) => {
    const found = await options.services.roster.memberById(memberId);
    return found && !found.erased && found.role === 'instructor' && (classroomId === undefined || found.classroomId === classroomId) ? found : null;
  };

  // GET only shows a button: chat apps open links to preview them, and that must not use up the link.
  app.get('/signin', async (c) => {
    const token = c.req.query('t') ?? '';
    const check = signer.check(token);
    if (!check.ok) return refuse(c, check.reason === 'expired' ? REFUSED.expired : REFUSED.forged);
    const who = await instructor(check.claims.memberId, check.claims.classroomId);
    if (!who) return refuse(c, REFUSED.notInstructor);
    if (await store.nonceUsed(check.claims.nonce)) return refuse(c, REFUSED.reused);
    const t = say(check.claims.language);
    return c.html(
      shell(
        t({ ko: '대시보드 로그인', en: 'Dashboard sign-in' }),
        html`<form method="post" action="/signin"><input type="hidden" name="t" value="${token}">
          <p>${t({ ko: `${member(who.displayName)} 님으로 로그인해요.`, en: `Signing in as ${member(who.displayName)}.` })}</p>
          <button type="submit" id="signin">${t({ ko: '로그인', en: 'Sign in' })}</button></form>`,
        check.claims.language,
      ),
    );
  });

  app.post('/signin', async (c) => {
    const form = await c.req.parseBody();
    const check = signer.check(typeof form.t === 'string' ? form.t : '');
    if (!check.ok) return refuse(c, check.reason === 'expired' ? REFUSED.expired : REFUSED.forged);
    const { claims } = check;
    if (!(await instructor(claims.memberId, claims.classroomId))) return refuse(c, REFUSED.notInstructor);
    if (!(await store.useNonce(claims.nonce, claims.memberId, claims.expiresAt))) return refuse(c, REFUSED.reused);
    const { cookie } = await store.openSession(claims.memberId, claims.language);
    setCookie(c, cookieName, cookie, { httpOnly: true, sameSite: 'Lax', secure, path: '/', maxAge: SESSION_LIFETIME_MS / 1000 });
    return c.redirect('/', 303);
  });

  /** The signed-in instructor, or the refusal to show instead. */
  const signedIn = async (c: Context): Promise<Signed | Refusal> => {
    const cookie = getCookie(c, cookieName);
    const session = cookie ? await store.findSession(cookie) : null;
    if (!cookie || !session) return REFUSED.noSession;
    const who = await instructor(session.memberId);
    if (!who) {
      await store.closeSession(cookie);
      deleteCookie(c, cookieName, { path: '/', secure });
      return REFUSED.notInstructor;
    }
    return { session, member: who, cookie };
  };

  app.post('/signout', async (c) => {
    const signed = await signedIn(c);
    if ('status' in signed) return refuse(c, signed);
    const form = await c.req.parseBody();
    if (!sameToken(form.csrf, signed.session.csrfToken)) return refuse(c, REFUSED.csrf);
    await store.closeSession(signed.cookie);
    deleteCookie(c, cookieName, { path: '/', secure });
    return refuse(c, REFUSED.noSession);
  });

  for (const page of pages) {
    const context = (c: Context, signed: Signed): PageContext => {
      const lang: Language = signed.member.language ?? signed.session.language;
      return {
        services: options.services,
        registry,
        me: { memberId: signed.member.id, classroomId: signed.member.classroomId },
        member: signed.member,
        lang,
        t: say(lang),
        csrf: signed.session.csrfToken,
        query: (name) => c.req.query(name),
      };
    };
    const show = async (c: Context, handle?: (ctx: PageContext) => Promise<Notice>) => {
      const signed = await signedIn(c);
      if ('status' in signed) return refuse(c, signed);
      const ctx = context(c, signed);
      const { lang } = ctx;
      // A refused form still shows the page under its error; a refused page shows only the error.
      const refusal = (error: unknown): Notice => {
        if (!(error instanceof UserError)) throw error;
        return { kind: 'error', text: error.text[lang] };
      };
      let notice = handle ? await handle(ctx).catch(refusal) : undefined;
      let body: Html = html``;
      try {
        body = await page.render(ctx);
      } catch (error) {
        notice = refusal(error);
      }
      return c.html(layout(pages, page, ctx, body, notice));
    };
    app.get(page.path, (c) => show(c));
    const file = page.file;
    if (file) {
      app.get(file.path, async (c) => {
        const signed = await signedIn(c);
        if ('status' in signed) return refuse(c, signed);
        const found = await file.load(context(c, signed));
        if (!found) return c.body(null, 404);
        return c.body(new Uint8Array(found.body), 200, { 'Content-Type': found.type });
      });
    }
    const post = page.post;
    if (post) {
      app.post(page.path, async (c) => {
        const raw = await c.req.parseBody();
        const form = Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === 'string'));
        return show(c, async (ctx) => {
          if (!sameToken(form.csrf, ctx.csrf)) throw new UserError('csrf', REFUSED.csrf.text);
          return post({ ...ctx, form });
        });
      });
    }
  }

  app.notFound((c) => c.html(shell('404', html`<p class="error">${both({ ko: '없는 페이지예요.', en: 'No such page.' })}</p>`), 404));
  app.onError((error, c) => {
    // The Origin check's 403 (a form posted from another site).
    if (error instanceof HTTPException) return error.getResponse();
    options.log(`dashboard: ${c.req.method} ${c.req.path} failed: ${error instanceof Error ? error.message : String(error)}`);
    return c.html(
      shell(
        '500',
        html`<p class="error">${both({ ko: '문제가 생겼어요. 잠시 후 다시 시도해 주세요.', en: 'Something went wrong. Please try again shortly.' })}</p>`,
      ),
      500,
    );
  });

  const links: DashboardLinks = {
    mint: (who) => {
      const { token, claims } = signer.mint(who);
      return { url: new URL(`signin?t=${token}`, publicUrl).toString(), expiresAt: claims.expiresAt };
    },
  };
  return { app, links };
}

export async function startDashboard(options: DashboardOptions): Promise<RunningDashboard> {
  const { host, port } = options.config;
  let server: ServerType | undefined;
  // The app is built once the port is known: the default public URL names the bound port.
  const holder: { app?: Hono } = {};
  const bound = await new Promise<AddressInfo>((resolve, reject) => {
    server = serve(
      { fetch: (request, env) => (holder.app ? holder.app.fetch(request, env) : new Response('starting', { status: 503 })), hostname: host, port },
      (info) => resolve(info),
    );
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new PlatformStartError(
          `dashboard: could not listen on ${host}:${port} (${error.code ?? error.message}). Choose another DASHBOARD_PORT (or DASHBOARD_HOST) and start again.`,
        ),
      ),
    );
  });
  const shownHost = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  const publicUrl = new URL(withSlash(options.config.publicUrl ?? `http://${shownHost}:${bound.port}/`));
  const { app, links } = dashboardApp(options, publicUrl);
  holder.app = app;
  options.log(`dashboard: listening on ${host}:${bound.port} (${publicUrl.origin})`);
  return {
    url: publicUrl.toString(),
    port: bound.port,
    links,
    stop: () =>
      new Promise<void>((resolve) => {
        if (!server) return resolve();
        server.close(() => resolve());
        // Keep-alive browsers would hold close() open; pages are short requests.
        (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      }),
  };
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function sameToken(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function shell(title: string, body: Html, lang: Language | 'ko' = 'ko', header: Html = html``): Html {
  return html`<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${title} · FoodVision</title><link rel="stylesheet" href="/style.css"></head>
    <body>${header}<main>${body}</main></body></html>`;
}

function layout(pages: readonly DashboardPage[], current: DashboardPage, ctx: PageContext, body: Html, notice?: Notice): Html {
  const { t } = ctx;
  const header = html`<header><strong>FoodVision</strong>
    <nav>${pages.map((p) => html`<a href="${p.path}"${p === current ? html` aria-current="page"` : ''}>${t(p.title)}</a>`)}</nav>
    <form method="post" action="/signout"><span id="me">${member(ctx.member.displayName)}</span>
      <input type="hidden" name="csrf" value="${ctx.csrf}"> <button type="submit">${t({ ko: '로그아웃', en: 'Sign out' })}</button></form></header>`;
  const shown = notice ? html`<p class="${notice.kind}" id="notice">${notice.text}</p>` : '';
  return shell(t(current.title), html`<h1>${t(current.title)}</h1>${shown}${body}`, ctx.lang, header);
}
