import { conflict, notFound } from '../common/problem.js';

export const holdNotFound = () => notFound('HOLD_NOT_FOUND', 'No hold with this id.');
export const holdExists = () => conflict('HOLD_EXISTS', 'This member already has an active hold on this book.');
export const alreadyOnLoan = () =>
  conflict('ALREADY_ON_LOAN', 'This member has a copy of this book on loan; a hold is not needed.');
export const holdLimitReached = (max: number) =>
  conflict('HOLD_LIMIT_REACHED', `A member of this category may have at most ${max} active holds.`);
export const holdsNotAllowed = () =>
  conflict('HOLDS_NOT_ALLOWED', 'The circulation rules allow no hold on this book for this member’s category.');
export const holdNotActive = () =>
  conflict('HOLD_NOT_ACTIVE', 'This hold is no longer waiting or ready (fulfilled, expired or cancelled).');
