import { Module } from '@nestjs/common';
import { NoticesController } from './notices.controller.js';
import { NoticesService } from './notices.service.js';

/** The record of notice e-mails for librarians and members, resending, and the due-soon opt-out. */
@Module({
  controllers: [NoticesController],
  providers: [NoticesService],
})
export class NoticesModule {}
