import { startTestApp } from '../../support/test-app';
import { complaintsSuite } from './complaints.shared';

describe('complaints about the scheme (PostgreSQL)', () => {
  complaintsSuite(() => startTestApp());
});
