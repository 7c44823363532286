import { startTestApp } from '../../support/test-app';
import { surveillanceChecksSuite } from './surveillance-checks.shared';

describe('surveillance checks (PostgreSQL)', () => {
  surveillanceChecksSuite(() => startTestApp());
});
