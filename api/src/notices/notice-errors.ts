import { conflict, forbidden, notFound } from '../common/problem.js';

export const noticeNotFound = () => notFound('NOTICE_NOT_FOUND', 'No notice with this id.');
export const noticeAlreadyQueued = () =>
  conflict('NOTICE_ALREADY_QUEUED', 'This notice is already queued; the worker will send it.');
export const userNotFound = () => notFound('USER_NOT_FOUND', 'No user with this id.');
export const noticePreferencesForbidden = () =>
  forbidden('FORBIDDEN', "Only the member or an admin can change a member's notice preferences.");
