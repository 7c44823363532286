import { startTestApp } from '../../support/test-app';
import { correctiveActionsSuite } from './corrective-actions.shared';

describe('findings and corrective actions (embedded PGlite)', () => {
  correctiveActionsSuite(() => startTestApp({ database: 'embedded' }));
});
