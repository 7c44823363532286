import { startTestApp } from '../../support/test-app';
import { surveillancePlansSuite } from './surveillance-plans.shared';

describe('surveillance plans (embedded PGlite)', () => {
  surveillancePlansSuite(() => startTestApp({ database: 'embedded' }));
});
