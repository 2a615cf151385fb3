import { conflict, notFound } from '../common/problem.js';

export const bookNotFound = () => notFound('BOOK_NOT_FOUND', 'No book with this id.');
export const isbnTaken = () => conflict('ISBN_TAKEN', 'Another book already has this ISBN.');
export const bookHasActiveLoans = () =>
  conflict('BOOK_HAS_ACTIVE_LOANS', 'A copy of this book is on loan; delete it after the copies are returned.');
