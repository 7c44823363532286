import { startTestApp } from '../../support/test-app';
import { refusalAppealsSuite } from './refusal-appeals.shared';

describe('appeals of a refusal (PostgreSQL)', () => {
  refusalAppealsSuite(() => startTestApp());
});
