// How a page of a proposal explains that it could not load the proposal: shared by every
// page under /proposals/:id, whichever role's chunk it is in.
import { ApiError } from '../api/client'

/**
 * The error a proposal page shows: an address whose id the API does not recognise is a page
 * that does not exist, like an id of a proposal you cannot see.
 */
export function pageProblem(error: ApiError): ApiError {
  if (error.code === 'BAD_USER_INPUT' && (error.field === 'id' || error.field === 'proposalId')) {
    return new ApiError('There is no proposal at this address. Check it is correct, or find the proposal in your consultations.', 'NOT_FOUND')
  }
  return error
}
