/**
 * A page's document in the parts that change from one certificate to the next (title and body)
 * and the part that does not (everything else: the policy, the styles and the inlined fonts).
 */
export interface DocumentParts {
  readonly shell: string;
  readonly titleHtml: string;
  readonly bodyHtml: string;
}

const DOCUMENT = /^([\s\S]*?<head>[\s\S]*?)<title>([^<]*)<\/title>([\s\S]*?<\/head>\s*)<body>([\s\S]*)<\/body>\s*<\/html>\s*$/;

/** Null for a document not laid out as the certificate template lays it out (one title, a bare body). */
export function documentParts(html: string): DocumentParts | null {
  const match = DOCUMENT.exec(html);
  if (match === null) return null;
  const [, beforeTitle, titleHtml, afterTitle, bodyHtml] = match;
  return { shell: `${beforeTitle}${afterTitle}`, titleHtml, bodyHtml };
}

/** The little of the DOM that `replaceTitleAndBody` uses (the project is compiled without the DOM's types). */
declare const document: { title: string; body: { innerHTML: string }; images: ArrayLike<{ decode(): Promise<void> }> };
declare const DOMParser: new () => { parseFromString(text: string, type: 'text/html'): { title: string } };

/**
 * Runs in the page: gives the loaded document another title and body, and resolves when the body's
 * images are decoded, as `load` would. The title goes through the HTML parser, so its character
 * references read as the text they stand for.
 */
export async function replaceTitleAndBody(titleHtml: string, bodyHtml: string): Promise<void> {
  document.title = new DOMParser().parseFromString(`<title>${titleHtml}</title>`, 'text/html').title;
  document.body.innerHTML = bodyHtml;
  await Promise.all(Array.from(document.images, (image) => image.decode().catch(() => undefined)));
}
