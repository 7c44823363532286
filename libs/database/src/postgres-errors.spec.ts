import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { asDatabaseUnavailable, DatabaseUnavailableError, isConnectionError } from './postgres-errors';

/** An error as `pg` gives it: a message and, from the server or the socket, a code. */
function pgError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

const wrapped = (driverError: Error) => new QueryFailedError('SELECT 1', [], driverError);

describe('isConnectionError', () => {
  it.each([
    ['a terminated backend (57P01)', pgError('terminating connection due to administrator command', '57P01')],
    ['a crashed server (57P02)', pgError('terminating connection because of crash of another server process', '57P02')],
    ['a server starting up (57P03)', pgError('the database system is starting up', '57P03')],
    ['too many connections (53300)', pgError('sorry, too many clients already', '53300')],
    ['class 08, connection exception', pgError('connection failure', '08006')],
    ['a refused connection', pgError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a reset connection', pgError('read ECONNRESET', 'ECONNRESET')],
    ['a timed-out socket', pgError('connect ETIMEDOUT', 'ETIMEDOUT')],
    ['a connection that ended', pgError('Connection terminated unexpectedly')],
    ['a connection timeout of pg', pgError('Connection terminated due to connection timeout')],
    ['a pool that waited too long', pgError('timeout exceeded when trying to connect')],
    ['a client that already failed', pgError('Client has encountered a connection error and is not queryable')],
  ])('recognises %s, also inside TypeORM and as a cause', (_, error) => {
    expect(isConnectionError(error)).toBe(true);
    expect(isConnectionError(wrapped(error))).toBe(true);
    expect(isConnectionError(new Error('request failed', { cause: error }))).toBe(true);
  });

  it('recognises a refused connection reported for every address tried', () => {
    expect(isConnectionError(new AggregateError([pgError('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')]))).toBe(true);
  });

  it('recognises the next statement of a transaction whose connection TypeORM released when it failed', () => {
    expect(isConnectionError(new QueryRunnerAlreadyReleasedError())).toBe(true);
  });

  it.each([
    ['a unique violation', wrapped(pgError('duplicate key value violates unique constraint', '23505'))],
    ['a canceled statement (statement_timeout)', wrapped(pgError('canceling statement due to statement timeout', '57014'))],
    ['a syntax error', wrapped(pgError('syntax error at or near "SELEC"', '42601'))],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'trim')")],
    ['not an error', 'ECONNRESET'],
    ['nothing', undefined],
  ])('leaves %s alone', (_, error) => {
    expect(isConnectionError(error)).toBe(false);
  });
});

describe('asDatabaseUnavailable', () => {
  it('turns a connection error into the one 503 error, with the seconds to wait', () => {
    const error = asDatabaseUnavailable(wrapped(pgError('terminating connection due to administrator command', '57P01')));
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect(error).toMatchObject({ kind: 'unavailable', code: 'database_unavailable', retryAfterSeconds: 5 });
  });

  it('passes any other error through unchanged', () => {
    const error = new Error('something else');
    expect(asDatabaseUnavailable(error)).toBe(error);
  });
});
