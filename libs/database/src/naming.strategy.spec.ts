import { ReadableNamingStrategy } from './naming.strategy';

describe('ReadableNamingStrategy', () => {
  const naming = new ReadableNamingStrategy();

  it('uses snake_case for tables and columns', () => {
    expect(naming.tableName('LoginAttempt', undefined)).toBe('login_attempt');
    expect(naming.columnName('vatNumber', undefined, [])).toBe('vat_number');
    expect(naming.columnName('HTTPStatus', undefined, [])).toBe('http_status');
  });

  it('names constraints so a person can read them', () => {
    expect(naming.primaryKeyName('firm')).toBe('pk_firm');
    expect(naming.foreignKeyName('session', ['user_id'])).toBe('fk_session_user_id');
    expect(naming.uniqueConstraintName('public.user_account', ['email'])).toBe('uq_user_account_email');
    expect(naming.indexName('history', ['entity_type', 'entity_id'])).toBe('idx_history_entity_type_entity_id');
  });

  it('refuses a name PostgreSQL would truncate', () => {
    expect(() => naming.indexName('a'.repeat(40), ['b'.repeat(30)])).toThrow(/too long/);
  });
});
