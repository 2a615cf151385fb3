import { Book } from '../books/book.entity.js';
import { Copy } from '../copies/copy.entity.js';
import { Loan } from '../loans/loan.entity.js';
import { User } from '../users/user.entity.js';

/** Every TypeORM entity of the API, in one list for the DataSource. */
export const ENTITIES = [User, Book, Copy, Loan];
