import { ESLint } from 'eslint';
import { join } from 'node:path';

/**
 * The boundaries checker of eslint.config.mjs catches an arrow against the libraries' order. Each
 * case lints one line of code as if it were a file at `filePath` (nothing is written to disk), with
 * only the boundaries rules, so that the type-aware rules need no program.
 */
describe('the order of the libraries (eslint-plugin-boundaries)', () => {
  const eslint = new ESLint({
    cwd: join(__dirname, '../..'),
    ruleFilter: ({ ruleId }) => ruleId.startsWith('boundaries/'),
    overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  });
  const problems = async (filePath: string, code: string): Promise<string[]> => {
    const [result] = await eslint.lintText(`${code}\nexport const used = imported;\n`, { filePath });
    return result.messages.map((message) => `${message.ruleId}: ${message.message}`);
  };

  it('refuses the breach that was: audits importing ratings, even for a type', async () => {
    expect(await problems('libs/audits/src/fixture.ts', "import { RatingsService as imported } from '@app/ratings';")).toEqual([
      expect.stringMatching(/^boundaries\/dependencies: audits may not import ratings/),
    ]);
    expect(await problems('libs/audits/src/fixture.ts', "import type { RatingView as imported } from '@app/ratings';")).toEqual([
      expect.stringMatching(/audits may not import ratings/),
    ]);
  });

  it('refuses any arrow upwards or within a layer, in imports, re-exports and dynamic imports', async () => {
    expect(await problems('libs/firms/src/fixture.ts', "import { Rating as imported } from '@app/ratings';")).toEqual([expect.stringMatching(/firms may not import ratings/)]);
    expect(await problems('libs/core/src/fixture.ts', "export { Firm as imported } from '@app/firms';")).toEqual([expect.stringMatching(/core may not import firms/)]);
    expect(await problems('libs/audits/src/fixture.ts', "const imported = () => import('@app/decisions');")).toEqual([expect.stringMatching(/audits may not import decisions/)]);
    expect(await problems('libs/registry/src/fixture.ts', "import { ReportsModule as imported } from '@app/reports';")).toEqual([expect.stringMatching(/registry may not import reports/)]);
  });

  it('refuses a library reaching into an app', async () => {
    expect(await problems('libs/core/src/fixture.ts', "import { ApiModule as imported } from '../../../apps/api/src/api.module';")).toEqual([expect.stringMatching(/core may not import app/)]);
  });

  it('refuses a path into another library past its barrel', async () => {
    expect(await problems('libs/ratings/src/fixture.ts', "import { Firm as imported } from '../../firms/src/firm.entity';")).toEqual([
      expect.stringMatching(/^boundaries\/dependencies: firms is imported through its barrel/),
    ]);
  });

  it('accepts the arrows along the order: downwards through a barrel, within a library, from an app', async () => {
    expect(await problems('libs/decisions/src/fixture.ts', "import { AuditsService as imported } from '@app/audits';")).toEqual([]);
    expect(await problems('libs/ratings/src/fixture.ts', "import { Firm as imported } from '@app/firms';")).toEqual([]);
    expect(await problems('libs/ratings/src/fixture.ts', "import { Rating as imported } from './rating.entity';")).toEqual([]);
    expect(await problems('apps/worker/src/fixture.ts', "import { RatingsModule as imported } from '@app/ratings';")).toEqual([]);
    expect(await problems('libs/schema/src/fixture.ts', "import { MIGRATIONS as imported } from '@app/migrations';")).toEqual([]);
  });

  it('refuses a library that is not in the order', async () => {
    expect(await problems('libs/unplaced/src/fixture.ts', "const imported = 1;")).toEqual([expect.stringMatching(/^boundaries\/no-unknown-files/)]);
  });
});
