import { startTestApp } from '../../support/test-app';
import { correctiveActionsSuite } from './corrective-actions.shared';

describe('findings and corrective actions (PostgreSQL)', () => {
  correctiveActionsSuite(() => startTestApp());
});
