import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/roles.js';
import { conflict, notFound } from '../common/problem.js';
import { isCardNumber } from './card-number.js';
import { queryFirstRow } from '../database/sql.js';
import { HoldsService } from '../holds/holds.service.js';
import type { LoanView } from '../loans/loan.view.js';
import { LoansService } from '../loans/loans.service.js';
import type { CheckinView } from './checkin.view.js';
import { activeLoanOfCopyStatement, copyByBarcodeStatement, userByCardStatement } from './circulation.sql.js';
import type { DeskCheckinDto, DeskCheckoutDto } from './dto/desk.dto.js';

const copyNotFound = () => notFound('COPY_NOT_FOUND', 'No copy with this barcode.');
/** A number whose check digit does not match cannot be anyone's card: most likely a digit was mistyped. */
const cardNotFound = (cardNumber: string) =>
  notFound(
    'CARD_NOT_FOUND',
    isCardNumber(cardNumber)
      ? 'No member has this library card number.'
      : 'No member has this library card number: its check digit does not match (a mistyped digit?).',
  );

/** The circulation desk: checkouts and check-ins by scanned barcode and library card number. */
@Injectable()
export class CirculationService {
  constructor(
    private readonly db: DataSource,
    private readonly loans: LoansService,
    private readonly holds: HoldsService,
  ) {}

  /** A checkout of that copy for the card's member, with every rule of `POST /loans` (holds included). */
  async checkout(caller: AuthUser, input: DeskCheckoutDto): Promise<LoanView> {
    const [copy, member] = await Promise.all([
      queryFirstRow(this.db, copyByBarcodeStatement(input.copyBarcode)),
      queryFirstRow(this.db, userByCardStatement(input.cardNumber)),
    ]);
    if (!copy) throw copyNotFound();
    if (!member) throw cardNotFound(input.cardNumber);
    return this.loans.checkout(caller, { copyId: copy.id, userId: member.id });
  }

  /** Returns the copy's loan (the fine computed as at any return) and says where the copy goes now. */
  async checkin(caller: AuthUser, input: DeskCheckinDto): Promise<CheckinView> {
    const copy = await queryFirstRow(this.db, copyByBarcodeStatement(input.copyBarcode));
    if (!copy) throw copyNotFound();
    const loan = await queryFirstRow(this.db, activeLoanOfCopyStatement(copy.id));
    if (!loan) throw conflict('COPY_NOT_ON_LOAN', 'This copy is not on loan; there is nothing to check in.');
    const returned = await this.loans.returnCopy(caller, loan.id);
    return {
      loan: returned.loan,
      action: returned.holdId ? 'hold-shelf' : 'shelve',
      hold: returned.holdId ? await this.holds.get(caller, returned.holdId) : null,
    };
  }
}
