import { startTestApp } from '../../support/test-app';
import { surveillanceChecksSuite } from './surveillance-checks.shared';

describe('surveillance checks (embedded PGlite)', () => {
  surveillanceChecksSuite(() => startTestApp({ database: 'embedded' }));
});
