import { AppConfig } from '@app/config';
import { Algorithm, hash, type Options, verify } from '@node-rs/argon2';
import { Injectable } from '@nestjs/common';

@Injectable()
export class PasswordHasher {
  /** argon2id at the configured cost (PASSWORD_HASH_MEMORY_KIB, PASSWORD_HASH_PASSES: OWASP's baseline, 19 MiB and 2 passes, unless tests lower it). */
  private readonly options: Options;
  /** Verified against when the account does not exist, so a wrong e-mail costs the same time as a wrong password. */
  private readonly decoy: Promise<string>;

  constructor(config: AppConfig) {
    this.options = { algorithm: Algorithm.Argon2id, memoryCost: config.passwordHash.memoryKib, timeCost: config.passwordHash.passes, parallelism: 1 };
    this.decoy = hash('decoy password that matches nothing', this.options);
  }

  hash(password: string): Promise<string> {
    return hash(password, this.options);
  }

  async verify(passwordHash: string | undefined, password: string): Promise<boolean> {
    if (passwordHash === undefined) {
      await verify(await this.decoy, password);
      return false;
    }
    return verify(passwordHash, password);
  }
}
