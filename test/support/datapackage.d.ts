/** The part of datapackage 1.1 (Frictionless Data's reference library, which ships no types) that the tests use. */
declare module 'datapackage' {
  export class Package {
    static load(descriptor: object): Promise<Package>;
    readonly valid: boolean;
    readonly errors: readonly Error[];
  }

  export class Resource {
    static load(descriptor: object, options?: { basePath?: string }): Promise<Resource>;
    readonly valid: boolean;
    readonly errors: readonly Error[];
    /** Every row, each value cast to its field's type; throws on a value that does not fit its schema. */
    read(options?: { keyed?: boolean; cast?: boolean }): Promise<Record<string, unknown>[]>;
  }
}
