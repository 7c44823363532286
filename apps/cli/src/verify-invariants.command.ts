import { RatingInvariantsService } from '@app/certificates';
import { Command, CommandRunner } from 'nest-commander';

@Command({
  name: 'verify-invariants',
  description: 'Check gapless certificate numbers, one rating in force per firm, the history chain and every stored certificate PDF',
})
export class VerifyInvariantsCommand extends CommandRunner {
  constructor(private readonly invariants: RatingInvariantsService) {
    super();
  }

  async run(): Promise<void> {
    const report = await this.invariants.check();
    for (const warning of report.warnings) process.stdout.write(`warning: ${warning}\n`);
    if (report.failures.length === 0) {
      process.stdout.write(`Invariants hold (${report.historyEvents} history events verified, ${report.warnings.length} certificates still to render)\n`);
      return;
    }
    for (const failure of report.failures) process.stderr.write(`FAILED: ${failure}\n`);
    process.stderr.write(`${report.failures.length} invariants broken\n`);
    process.exitCode = 2;
  }
}
