import { Module } from '@nestjs/common';
import { NoticeOutbox } from './notice-outbox.js';

/** The notice outbox alone, for features that cause notices (holds) without the notices routes. */
@Module({ providers: [NoticeOutbox], exports: [NoticeOutbox] })
export class NoticeOutboxModule {}
