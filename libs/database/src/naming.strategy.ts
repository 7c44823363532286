import { DefaultNamingStrategy, NamingStrategyInterface, Table } from 'typeorm';

const snake = (name: string): string =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();

const tableOf = (table: Table | string): string => {
  const name = typeof table === 'string' ? table : table.name;
  return name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : name;
};

/** PostgreSQL truncates identifiers at 63 bytes; fail loudly instead of colliding silently. */
const identifier = (name: string): string => {
  if (name.length > 63) throw new Error(`Constraint name too long for PostgreSQL: ${name}`);
  return name;
};

/**
 * snake_case tables and columns, and constraint names a person can read in an error message
 * or a migration: pk_firm, fk_session_user_id, uq_user_account_email, idx_history_entity_type_entity_id.
 */
export class ReadableNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override tableName(className: string, customName: string | undefined): string {
    return customName ?? snake(className);
  }

  override columnName(propertyName: string, customName: string | undefined, prefixes: string[]): string {
    return customName ?? snake([...prefixes, propertyName].join('_'));
  }

  override relationName(propertyName: string): string {
    return snake(propertyName);
  }

  override joinColumnName(relationName: string, referencedColumnName: string): string {
    return snake(`${relationName}_${referencedColumnName}`);
  }

  override primaryKeyName(table: Table | string): string {
    return identifier(`pk_${tableOf(table)}`);
  }

  override foreignKeyName(table: Table | string, columnNames: string[]): string {
    return identifier(`fk_${tableOf(table)}_${columnNames.join('_')}`);
  }

  override uniqueConstraintName(table: Table | string, columnNames: string[]): string {
    return identifier(`uq_${tableOf(table)}_${columnNames.join('_')}`);
  }

  override relationConstraintName(table: Table | string, columnNames: string[]): string {
    return identifier(`rel_${tableOf(table)}_${columnNames.join('_')}`);
  }

  override indexName(table: Table | string, columnNames: string[]): string {
    return identifier(`idx_${tableOf(table)}_${columnNames.join('_')}`);
  }
}
