import { Module } from '@nestjs/common';
import { NoticeOutboxModule } from './notice-outbox.module.js';
import { NoticesController } from './notices.controller.js';
import { NoticesService } from './notices.service.js';

/** The record of notice e-mails for librarians and members, resending, and the due-soon opt-out. */
@Module({
  imports: [NoticeOutboxModule],
  controllers: [NoticesController],
  providers: [NoticesService],
})
export class NoticesModule {}
