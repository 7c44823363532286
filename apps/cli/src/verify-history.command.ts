import { HistoryService } from '@app/history';
import { Command, CommandRunner } from 'nest-commander';

@Command({ name: 'verify-history', description: 'Recompute the history hash chain and name the first broken link' })
export class VerifyHistoryCommand extends CommandRunner {
  constructor(private readonly history: HistoryService) {
    super();
  }

  async run(): Promise<void> {
    const result = await this.history.verifyChain();
    if (result.valid) {
      process.stdout.write(`History chain intact: ${result.checkedEvents} events verified\n`);
      return;
    }
    process.stderr.write(`History chain BROKEN at event ${result.firstBrokenSeq}: ${result.problem}\n`);
    process.exitCode = 2;
  }
}
