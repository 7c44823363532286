import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request, { Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent';

const CSRF_INPUT = /name="_csrf" value="([A-Za-z0-9_-]+)"/;
const CONFIRM_FORM = /<form class="panel-form confirm-form" method="post" action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/;
const HIDDEN_INPUT = /<input type="hidden" name="([^"]+)" value="([^"]*)">/g;

const unescapeHtml = (text: string): string =>
  text.replace(/&(amp|lt|gt|quot|#x27|#39|#x60|#x3D);/g, (_, entity: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'", '#39': "'", '#x60': '`', '#x3D': '=' })[entity] ?? _);

export interface FormFile {
  readonly name: string;
  readonly bytes: Buffer;
  readonly contentType?: string;
}

/**
 * A browser without JavaScript, as far as the server can tell: it keeps cookies, reads the form token
 * from the pages it is shown, and posts forms as multipart/form-data with that token.
 */
export class WebVisitor {
  readonly agent: TestAgent;
  private csrfToken: string | null = null;

  constructor(app: NestFastifyApplication) {
    this.agent = request.agent(app.getHttpServer());
  }

  /** A page as a browser asks for it; the form token on it is kept for the next post. */
  async get(path: string): Promise<Response> {
    const response = await this.agent.get(path).set('accept', 'text/html');
    const token = CSRF_INPUT.exec(response.text ?? '')?.[1];
    if (token) this.csrfToken = token;
    return response;
  }

  /** Posts a form with the token of the last page seen (first fetching the sign-in page when none was). */
  async submit(path: string, fields: Readonly<Record<string, string | readonly string[]>>, file?: FormFile): Promise<Response> {
    if (this.csrfToken === null) await this.get('/accedi');
    const post = this.agent.post(path).set('accept', 'text/html').field('_csrf', this.csrfToken ?? '');
    for (const [name, value] of Object.entries(fields)) {
      for (const each of typeof value === 'string' ? [value] : value) void post.field(name, each);
    }
    if (file) void post.attach('file', file.bytes, { filename: file.name, contentType: file.contentType ?? 'application/octet-stream' });
    const response = await post;
    const token = CSRF_INPUT.exec(response.text ?? '')?.[1];
    if (token) this.csrfToken = token;
    return response;
  }

  /**
   * Presses the confirm button of a confirmation page (the answer to an irreversible act's form):
   * posts the page's hidden fields, token included, to its action.
   */
  async confirm(page: Response): Promise<Response> {
    if (page.status !== 200) throw new Error(`Expected a confirmation page, got HTTP ${page.status}: ${(page.text ?? '').slice(0, 600)}`);
    const form = CONFIRM_FORM.exec(page.text ?? '');
    if (!form) throw new Error(`No confirmation form on the page: ${(page.text ?? '').slice(0, 600)}`);
    const fields: Record<string, string> = {};
    for (const [, name, value] of form[2].matchAll(HIDDEN_INPUT)) if (name !== '_csrf') fields[name] = unescapeHtml(value);
    return this.submit(unescapeHtml(form[1]), fields);
  }

  /** Submits an irreversible act's form and confirms it on the page that answers. */
  async submitConfirmed(path: string, fields: Readonly<Record<string, string>>): Promise<Response> {
    return this.confirm(await this.submit(path, fields));
  }

  /** Signs in through the sign-in page; the session cookie is kept from then on. */
  async signIn(email: string, password: string): Promise<Response> {
    await this.get('/accedi');
    const response = await this.submit('/accedi', { email, password });
    if (response.status !== 303) throw new Error(`Signing in as ${email} failed with ${response.status}`);
    // A new session gets a new form token: read it from the page the visitor lands on.
    const landing = await this.follow(response);
    if (landing.status !== 200) await this.get('/accedi');
    return response;
  }

  /** Follows redirects as a browser would, to the page at the end. */
  async follow(response: Response): Promise<Response> {
    let current = response;
    for (let hops = 0; current.status >= 300 && current.status < 400 && hops < 5; hops += 1) current = await this.get(current.headers.location);
    return current;
  }
}

/** Awaits a response and checks its status, showing the start of the page when it differs. */
export async function expectStatus(pending: Promise<Response>, status: number): Promise<Response> {
  const response = await pending;
  if (response.status !== status) throw new Error(`Expected HTTP ${status}, got ${response.status}: ${(response.text ?? '').slice(0, 600)}`);
  return response;
}
