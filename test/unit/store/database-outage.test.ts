/**
 * Which errors are a database outage or a statement timeout (503 with Retry-After) and which are not.
 */
import { describe, expect, it } from 'vitest';
import { databaseOutageOf } from '../../../lib/store/database-outage.js';
import { DatabaseUnavailableError, scimErrorFromPg, unavailableFromDb } from '../../../lib/store/pg-errors.js';
import { ScimError } from '../../../lib/scim/errors.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });
const named = (name: string, message: string) => Object.assign(new Error(message), { name });

describe('databaseOutageOf', () => {
  it.each([
    [withCode('57014', 'canceling statement due to statement timeout'), 'statement-timeout'],
    [named('KnexTimeoutError', 'Defined query timeout of 200ms exceeded when running query.'), 'statement-timeout'],
    [new Error('After query timeout of 200ms exceeded, cancelling of query failed.'), 'statement-timeout'],
    [named('KnexTimeoutError', 'Knex: Timeout acquiring a connection. The pool is probably full.'), 'pool-exhausted'],
    [withCode('53300', 'sorry, too many clients already'), 'pool-exhausted'],
    [withCode('57P01', 'terminating connection due to administrator command'), 'database-restarting'],
    [withCode('57P03', 'the database system is starting up'), 'database-restarting'],
    [withCode('ECONNREFUSED'), 'database-unreachable'],
    [withCode('ECONNRESET'), 'database-unreachable'],
    [withCode('08006'), 'database-unreachable'],
    [new Error('ROLLBACK - Connection terminated unexpectedly'), 'database-unreachable'],
    [new Error('COMMIT; - Client has encountered a connection error and is not queryable'), 'database-unreachable'],
    [Object.assign(new AggregateError([withCode('ECONNREFUSED')], 'connect failed'), {}), 'database-unreachable'],
  ])('classifies %s as %s', (error, expected) => {
    expect(databaseOutageOf(error)).toBe(expected);
  });

  it.each([
    [withCode('23505')],
    [withCode('22P02', 'invalid input syntax: Connection terminated')], // a client's text inside a coded error
    [new Error('something else')],
    ['a string'],
    [undefined],
  ])('leaves %s alone', (error) => {
    expect(databaseOutageOf(error)).toBeUndefined();
  });
});

describe('unavailableFromDb and scimErrorFromPg', () => {
  it('give 503 with a retry hint and the cause, and keep client errors as they were', () => {
    const cause = withCode('57P01');
    const error = unavailableFromDb(cause);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect(error).toMatchObject({ status: 503, failureClass: 'database-restarting', retryAfterSeconds: 5, cause });
    expect(scimErrorFromPg(cause)?.status).toBe(503);
    expect(scimErrorFromPg(withCode('23505'))?.status).toBe(409);
    expect(unavailableFromDb(new ScimError(400, 'no'))).toBeUndefined();
  });
});
