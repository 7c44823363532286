import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MAIL_KINDS, MAIL_LANGUAGES, MailKind, MailLanguage } from './mail-kinds';

export interface RenderedMail {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

export interface MailFrame {
  /** Absolute link to the recipient's preferences or the one-click unsubscribe page, on optional messages. */
  readonly unsubscribeUrl?: string;
  /** The platform's address, for the footer. */
  readonly baseUrl: string;
}

/** What the helpers of one render collect: the subject line, set by `{{#subject}}`. */
interface RenderCollector {
  subject: string;
}

type HelperOptions = Omit<Handlebars.HelperOptions, 'data'> & { data: { collector: RenderCollector } };

const MAIL_TEMPLATE_FOLDER = join('templates', 'mail');

/** Found walking up from this file, so the same code runs from `libs/` (tests) and `dist/libs/` (build). */
function findMailTemplatesFolder(from: string = __dirname): string {
  for (let folder = from; ; folder = dirname(folder)) {
    const candidate = join(folder, MAIL_TEMPLATE_FOLDER);
    if (existsSync(join(candidate, 'layout.html.hbs'))) return candidate;
    if (dirname(folder) === folder) throw new Error(`No ${MAIL_TEMPLATE_FOLDER}/layout.html.hbs above ${from}`);
  }
}

const ABSOLUTE_URL = /^https?:\/\/\S+$/;

function absoluteUrl(url: unknown): string {
  if (typeof url !== 'string' || !ABSOLUTE_URL.test(url)) throw new Error(`A link in an e-mail must be absolute: ${String(url)}`);
  return url;
}

/**
 * E-mail templates: one file per kind and language, `templates/mail/<kind>.<language>.hbs`, written with
 * block helpers (`subject`, `p`, `link`, `facts`) that render both an HTML part and a plain-text part
 * from the same words, so the two never drift. The HTML has inline styles and no remote images (mail
 * clients block them, and they track readers); every link must be absolute or the render throws.
 * All templates are compiled, and rendered once with sample data, when the provider is built.
 */
@Injectable()
export class MailTemplates {
  private readonly html = Handlebars.create();
  private readonly text = Handlebars.create();
  private readonly templates = new Map<string, { html: Handlebars.TemplateDelegate; text: Handlebars.TemplateDelegate }>();
  private readonly htmlLayout: Handlebars.TemplateDelegate;
  private readonly textLayout: Handlebars.TemplateDelegate;

  constructor() {
    const folder = findMailTemplatesFolder();
    this.registerHelpers();
    this.htmlLayout = this.html.compile(readFileSync(join(folder, 'layout.html.hbs'), 'utf8'), { strict: true });
    this.textLayout = this.text.compile(readFileSync(join(folder, 'layout.text.hbs'), 'utf8'), { strict: true, noEscape: true });
    for (const kind of Object.keys(MAIL_KINDS)) {
      for (const language of MAIL_LANGUAGES) {
        const source = readFileSync(join(folder, `${kind}.${language}.hbs`), 'utf8');
        this.templates.set(`${kind}.${language}`, {
          html: this.html.compile(source, { strict: false }),
          text: this.text.compile(source, { strict: false, noEscape: true }),
        });
      }
    }
  }

  render(kind: MailKind, language: MailLanguage, model: Record<string, unknown>, frame: MailFrame): RenderedMail {
    const template = this.templates.get(`${kind}.${language}`);
    if (!template) throw new Error(`No mail template ${kind}.${language}`);
    const collector: RenderCollector = { subject: '' };
    const htmlBody = template.html(model, { data: { collector } });
    const textBody = template.text(model, { data: { collector } });
    if (collector.subject === '') throw new Error(`The mail template ${kind}.${language} sets no subject`);
    const layoutModel = { title: collector.subject, language, baseUrl: absoluteUrl(frame.baseUrl), unsubscribeUrl: frame.unsubscribeUrl === undefined ? null : absoluteUrl(frame.unsubscribeUrl), italian: language === 'it' };
    return {
      subject: collector.subject,
      html: this.htmlLayout({ ...layoutModel, body: new Handlebars.SafeString(htmlBody) }),
      text: tidyText(this.textLayout({ ...layoutModel, body: tidyText(textBody) })),
    };
  }

  private registerHelpers(): void {
    const escape = Handlebars.escapeExpression;
    const subject = function (this: unknown, options: HelperOptions): string {
      // The subject is a header: one line, no markup; taken from the text render (no HTML escaping).
      const line = options.fn(this).replace(/\s+/g, ' ').trim();
      if (line !== '') options.data.collector.subject = line;
      return '';
    };
    this.text.registerHelper('subject', subject);
    this.html.registerHelper('subject', () => '');
    this.html.registerHelper('p', function (this: unknown, options: HelperOptions) {
      return new Handlebars.SafeString(`<p style="margin:0 0 16px 0">${options.fn(this).trim()}</p>\n`);
    });
    this.text.registerHelper('p', function (this: unknown, options: HelperOptions) {
      return `\n\n${options.fn(this).replace(/\s+/g, ' ').trim()}\n\n`;
    });
    this.html.registerHelper('link', (url: unknown, label: unknown) =>
      new Handlebars.SafeString(
        `<p style="margin:24px 0"><a href="${escape(absoluteUrl(url))}" style="background:#0d2b5e;color:#ffffff;padding:12px 20px;text-decoration:none;border-radius:4px;display:inline-block">${escape(String(label))}</a></p>\n`,
      ),
    );
    this.text.registerHelper('link', (url: unknown, label: unknown) => `\n\n${String(label)}:\n${absoluteUrl(url)}\n\n`);
    // A short list of labelled facts (firm, certificate number, deadline).
    this.html.registerHelper('fact', (label: unknown, value: unknown) =>
      new Handlebars.SafeString(`<p style="margin:0 0 8px 0"><strong>${escape(String(label))}:</strong> ${escape(String(value))}</p>\n`),
    );
    this.text.registerHelper('fact', (label: unknown, value: unknown) => `\n${String(label)}: ${String(value)}\n`);
  }
}

/** Plain text: no trailing spaces, at most one empty line in a row, no empty lines at the ends. */
function tidyText(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/g, '').replace(/^[ \t]+/g, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
