import { startTestApp } from '../../support/test-app';
import { surveillanceAppealsSuite } from './surveillance-appeals.shared';

describe('appeals of a surveillance outcome (embedded PGlite)', () => {
  surveillanceAppealsSuite(() => startTestApp({ database: 'embedded' }));
});
