// What a dashboard page is: a path, a title in both languages, a renderer, and optionally a form
// handler. The server signs the caller in, re-checks their role, checks CSRF on every POST and
// wraps the page in the layout; a page only reads services and returns HTML. Adding a page is a
// new module here plus one line in pages/index.ts.
import type { Services } from '../../app/services.ts';
import type { MemberRecord, MemberRef } from '../../core/ports.ts';
import type { Language, Localized } from '../../core/reply.ts';
import type { RegistryRepository } from '../../db/classifier/registry.ts';
import type { Html } from '../html.ts';

export interface PageContext {
  services: Services;
  /** The classifier's model registry (one per deployment). */
  registry: RegistryRepository;
  /** The signed-in instructor, role re-checked for this request. */
  me: MemberRef;
  member: MemberRecord;
  lang: Language;
  t: (text: Localized) => string;
  /** This session's CSRF token: every form posts it back. */
  csrf: string;
  query(name: string): string | undefined;
}

export interface PostContext extends PageContext {
  form: Record<string, string>;
}

/** Shown above the page after a form was handled. */
export interface Notice {
  kind: 'flash' | 'error';
  text: Html | string;
}

export interface DashboardPage {
  /** Where it lives, e.g. "/answers"; the POST handler answers the same path. */
  path: string;
  title: Localized;
  render(ctx: PageContext): Promise<Html>;
  post?(ctx: PostContext): Promise<Notice>;
  /** A binary the page links to (e.g. a thumbnail), behind the same sign-in; null answers 404. */
  file?: { path: string; load(ctx: PageContext): Promise<PageFile | null> };
}

export interface PageFile {
  type: string;
  body: Uint8Array;
}

export function definePage(page: DashboardPage): DashboardPage {
  return page;
}
