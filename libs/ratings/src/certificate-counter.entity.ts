import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The last certificate number issued in a year. Incremented with an UPDATE that holds the row lock
 * until commit, so numbers are gapless: a rolled-back issue gives its number back (a sequence would not).
 */
@Entity({ name: 'certificate_counter' })
@Check('chk_certificate_counter_last_sequence', `last_sequence > 0 AND last_sequence <= 999999`)
export class CertificateCounter {
  @PrimaryColumn('integer')
  year!: number;

  @Column('integer')
  lastSequence!: number;
}
