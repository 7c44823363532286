import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const HTTP = join(__dirname, '..', '..', 'apps', 'api', 'src', 'http');

/** The HTTP plumbing (guards, errors, validation, uploads) serves the API and the pages alike, so it never reaches up into the pages. */
describe('apps/api/src/http', () => {
  it('imports nothing from the pages', () => {
    const upward = readdirSync(HTTP)
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) => [...readFileSync(join(HTTP, file), 'utf8').matchAll(/from '(\.\.\/pages\/[^']*)'/g)].map((match) => `${file} -> ${match[1]}`));
    expect(upward).toEqual([]);
  });
});
