import { startTestApp } from '../../support/test-app';
import { appealsSuite } from './appeals.shared';

describe('appeals (PostgreSQL)', () => {
  appealsSuite(() => startTestApp());
});
