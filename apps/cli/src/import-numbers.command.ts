import { CLI_ACTOR, DomainError } from '@app/core';
import { CallingNumberImportService, FirmsService, ImportLineError, NumberImportRefusedError } from '@app/firms';
import { Presets, SingleBar } from 'cli-progress';
import { createReadStream, statSync } from 'node:fs';
import { Command, CommandRunner, Option } from 'nest-commander';

interface ImportNumbersOptions {
  firm: string;
  file: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The same all-or-nothing import as the API, for lists too big to upload: progress follows the bytes read. */
@Command({ name: 'import-numbers', description: "Import a CSV list of a firm's calling numbers, all or nothing" })
export class ImportNumbersCommand extends CommandRunner {
  constructor(
    private readonly firms: FirmsService,
    private readonly imports: CallingNumberImportService,
  ) {
    super();
  }

  async run(_: string[], options: ImportNumbersOptions): Promise<void> {
    let size: number;
    try {
      size = statSync(options.file).size;
    } catch {
      return this.fail(`Cannot read ${options.file}`);
    }
    const bar = new SingleBar({ format: 'Importing |{bar}| {percentage}% | {read} of {size} MB | {eta_formatted} left', hideCursor: true }, Presets.shades_classic);
    const megabytes = (bytes: number) => (bytes / 1_048_576).toFixed(1);
    const started = Date.now();
    try {
      const firmId = UUID.test(options.firm) ? options.firm : await this.firms.findIdByVatNumber(options.firm);
      bar.start(size, 0, { read: megabytes(0), size: megabytes(size) });
      const result = await this.imports.import(CLI_ACTOR, firmId, this.reportingProgress(options.file, bar, megabytes));
      bar.stop();
      process.stdout.write(
        `Imported ${result.imported} numbers in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
          `(${result.linesRead} lines; ${result.alreadyDeclared} already declared; ${result.duplicatesInFile} repeated in the file)\n`,
      );
    } catch (error) {
      bar.stop();
      if (error instanceof NumberImportRefusedError) return this.fail(`${error.message}\n${this.describeLines(error.details?.errors as ImportLineError[])}`);
      if (error instanceof DomainError) return this.fail(error.message);
      throw error;
    }
  }

  private async *reportingProgress(file: string, bar: SingleBar, megabytes: (bytes: number) => string): AsyncGenerator<Buffer> {
    let read = 0;
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
      read += (chunk as Buffer).length;
      bar.update(read, { read: megabytes(read) });
      yield chunk as Buffer;
    }
  }

  private describeLines(errors: readonly ImportLineError[]): string {
    return errors.map((error) => `  line ${error.line}: ${error.value}: ${error.reason}`).join('\n');
  }

  private fail(message: string): void {
    process.stderr.write(`${message}\n`);
    process.exitCode = 1;
  }

  @Option({ flags: '--firm <firm>', description: "The firm's VAT number or id", required: true })
  parseFirm(value: string): string {
    return value;
  }

  @Option({ flags: '--file <path>', description: 'CSV file: one number per line in the first column', required: true })
  parseFile(value: string): string {
    return value;
  }
}
