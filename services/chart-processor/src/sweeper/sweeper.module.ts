import { Module } from '@nestjs/common';
import { JobSweeper } from './job-sweeper.service';

@Module({ providers: [JobSweeper], exports: [JobSweeper] })
export class SweeperModule {}
