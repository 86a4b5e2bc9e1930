//! The two migration trees (SQLite, PostgreSQL) must describe one schema:
//! the same tables, columns, nullability and indexes (uniqueness, columns,
//! whether partial). Each engine is migrated fresh and read back from its
//! own catalogue.

use super::*;
use sqlx::Row;
use std::collections::BTreeSet;

/// A column: table, name, nullable.
type Column = (String, String, bool);
/// An index: table, unique, its columns (an expression reads `expr`), partial.
type Index = (String, bool, String, bool);

#[derive(Debug, Default, PartialEq)]
struct Schema {
    columns: BTreeSet<Column>,
    indexes: BTreeSet<Index>,
}

async fn sqlite_schema(url: &str) -> Schema {
    app::platform::db::connect(url).await.expect("migrate SQLite");
    let pool = sqlx::SqlitePool::connect(url).await.expect("open SQLite");
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let mut schema = Schema::default();
    for table in tables {
        for row in sqlx::query("SELECT name, \"notnull\", pk FROM pragma_table_info(?)")
            .bind(&table)
            .fetch_all(&pool)
            .await
            .unwrap()
        {
            // A primary key column is never null, declared so or not.
            let nullable = row.get::<i64, _>(1) == 0 && row.get::<i64, _>(2) == 0;
            schema.columns.insert((table.clone(), row.get(0), nullable));
        }
        let indexes = sqlx::query("SELECT name, \"unique\", partial FROM pragma_index_list(?) WHERE origin <> 'pk'")
            .bind(&table)
            .fetch_all(&pool)
            .await
            .unwrap();
        for index in indexes {
            let name: String = index.get(0);
            let columns: Vec<Option<String>> =
                sqlx::query_scalar("SELECT name FROM pragma_index_info(?) ORDER BY seqno")
                    .bind(&name)
                    .fetch_all(&pool)
                    .await
                    .unwrap();
            let columns = columns.into_iter().map(|c| c.unwrap_or_else(|| "expr".into())).collect::<Vec<_>>().join(",");
            schema.indexes.insert((table.clone(), index.get::<i64, _>(1) == 1, columns, index.get::<i64, _>(2) == 1));
        }
    }
    schema
}

async fn postgres_schema(url: &str) -> Schema {
    app::platform::db::connect(url).await.expect("migrate PostgreSQL");
    let pool = sqlx::PgPool::connect(url).await.expect("open PostgreSQL");
    let mut schema = Schema::default();
    let columns = sqlx::query(
        "SELECT c.table_name::text, c.column_name::text, c.is_nullable = 'YES' FROM information_schema.columns c \
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
         WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.table_name NOT LIKE '\\_sqlx%'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    for row in columns {
        schema.columns.insert((row.get(0), row.get(1), row.get(2)));
    }
    let indexes = sqlx::query(
        "SELECT t.relname::text, ix.indisunique, \
           array_to_string(ARRAY(SELECT COALESCE(a.attname::text, 'expr') FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord) \
             LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum ORDER BY k.ord), ','), \
           ix.indpred IS NOT NULL \
         FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace \
         WHERE n.nspname = 'public' AND NOT ix.indisprimary AND t.relname NOT LIKE '\\_sqlx%'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    for row in indexes {
        schema.indexes.insert((row.get(0), row.get(1), row.get(2), row.get(3)));
    }
    schema
}

/// What one schema has that the other lacks, one line each.
fn differences(sqlite: &Schema, postgres: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    for c in sqlite.columns.difference(&postgres.columns) {
        out.push(format!("column only in SQLite (table, name, nullable): {c:?}"));
    }
    for c in postgres.columns.difference(&sqlite.columns) {
        out.push(format!("column only in PostgreSQL (table, name, nullable): {c:?}"));
    }
    for i in sqlite.indexes.difference(&postgres.indexes) {
        out.push(format!("index only in SQLite (table, unique, columns, partial): {i:?}"));
    }
    for i in postgres.indexes.difference(&sqlite.indexes) {
        out.push(format!("index only in PostgreSQL (table, unique, columns, partial): {i:?}"));
    }
    out
}

#[tokio::test]
async fn the_two_migration_trees_describe_the_same_schema() {
    if pg_base().is_none() {
        assert!(std::env::var("ETALASE_REQUIRE_PG").is_err(), "ETALASE_REQUIRE_PG is set but ETALASE_TEST_PG is not");
        eprintln!("SKIPPED: set ETALASE_TEST_PG to compare the migration trees");
        return;
    }
    let sqlite = sqlite_schema(&fresh_database(Engine::Sqlite).await).await;
    let postgres = postgres_schema(&fresh_database(Engine::Postgres).await).await;
    assert!(sqlite.columns.len() > 50, "the SQLite schema was read ({} columns)", sqlite.columns.len());
    let found = differences(&sqlite, &postgres);
    assert!(found.is_empty(), "the migration trees drifted apart:\n{}", found.join("\n"));
}

#[test]
fn a_drifted_column_is_named() {
    let mut a = Schema::default();
    a.columns.insert(("orders".into(), "awb".into(), true));
    let mut b = Schema::default();
    b.columns.insert(("orders".into(), "awb".into(), false));
    let found = differences(&a, &b);
    assert_eq!(found.len(), 2);
    assert!(found[0].contains("only in SQLite") && found[0].contains("awb"));
}
