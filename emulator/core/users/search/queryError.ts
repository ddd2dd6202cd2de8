// The one way search code reports a bad `q`: a 400 invalid_query_string naming what is wrong and where.
import type { ApiError } from '../../errors.js';
import { queryValidation } from '../../errors.js';

/** Auth0's exact wording for malformed Lucene is UNCONFIRMED (fact sheet §10.1); ours says what and where. */
export function queryError(what: string, column?: number): ApiError {
  return queryValidation(column === undefined ? what : `${what} (at column ${column} of q)`);
}
