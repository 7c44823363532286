import { startTestApp } from '../../support/test-app';
import { appealsSuite } from './appeals.shared';

describe('appeals (embedded PGlite)', () => {
  appealsSuite(() => startTestApp({ database: 'embedded' }));
});
