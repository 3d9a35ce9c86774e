//! `AdminStore` for both backends (see `store.rs`).

use async_trait::async_trait;
use sqlx::{QueryBuilder, Row};

use super::store_impl::{audit, override_from_row, OVERRIDE_COLUMNS};
use super::{Backend, Db};
use crate::store::{AdminStore, AuditRow, AuthorityRow, OverrideRow, RiskAreaRow, StoreResult};

/// Rows per multi-row statement (3 parameters each, far below both databases' limits).
const BATCH: usize = 1_000;

#[async_trait]
impl AdminStore for Backend {
    async fn reject_override(&self, id: &str, admin: &str, at: &str) -> StoreResult<()> {
        let mut tx = self.write().await?;
        sqlx::query("UPDATE colour_overrides SET rejected_by = $2, rejected_at = $3 WHERE id = $1")
            .bind(id)
            .bind(admin)
            .bind(at)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE appeals SET status = 'submitted', updated_at = $2 \
             WHERE id = (SELECT appeal_id FROM colour_overrides WHERE id = $1)",
        )
        .bind(id)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        audit(&mut tx, admin, "override.reject", id, None, at).await?;
        tx.commit().await
    }

    async fn overrides_for_appeal(&self, appeal_id: &str) -> StoreResult<Vec<OverrideRow>> {
        let rows = sqlx::query(&format!(
            "{OVERRIDE_COLUMNS} WHERE appeal_id = $1 ORDER BY proposed_at"
        ))
        .bind(appeal_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(override_from_row).collect())
    }

    async fn audit_by_action(&self, action: Option<&str>, limit: i64) -> StoreResult<Vec<AuditRow>> {
        let rows = sqlx::query(
            "SELECT actor, action, subject, detail, at FROM audit_log \
             WHERE $1 IS NULL OR action = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(action)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| AuditRow {
                actor: r.get("actor"),
                action: r.get("action"),
                subject: r.get("subject"),
                detail: r.get("detail"),
                at: r.get("at"),
            })
            .collect())
    }

    async fn risk_area_list(&self) -> StoreResult<Vec<RiskAreaRow>> {
        let rows = sqlx::query(
            "SELECT r.division_code, COALESCE(d.name, r.division_code) AS name, r.level, r.note, r.since \
             FROM risk_areas r LEFT JOIN divisions d ON d.code = r.division_code ORDER BY r.division_code",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| RiskAreaRow {
                code: r.get("division_code"),
                name: r.get("name"),
                level: r.get("level"),
                note: r.get("note"),
                since: r.get("since"),
            })
            .collect())
    }

    async fn add_authority_entries(&self, rows: &[AuthorityRow], actor: &str, now: &str) -> StoreResult<u64> {
        let mut tx = self.write().await?;
        let mut written = 0;
        for chunk in rows.chunks(BATCH) {
            let mut insert: QueryBuilder<Db> =
                QueryBuilder::new("INSERT INTO authority_list (document_hash, colour, category, added_at) ");
            insert.push_values(chunk, |mut b, row| {
                b.push_bind(&row.document_hash)
                    .push_bind(&row.colour)
                    .push_bind(&row.category)
                    .push_bind(now);
            });
            insert.push(
                " ON CONFLICT (document_hash) DO UPDATE SET colour = excluded.colour, \
                 category = excluded.category, added_at = excluded.added_at",
            );
            written += insert.build().execute(&mut *tx).await?.rows_affected();
        }
        // Only how many: the list itself is health data about named people.
        audit(
            &mut tx,
            actor,
            "authority.import",
            "authority_list",
            Some(&rows.len().to_string()),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(written)
    }

    async fn log_action(&self, actor: &str, action: &str, subject: &str, at: &str) -> StoreResult<()> {
        let mut tx = self.write().await?;
        audit(&mut tx, actor, action, subject, None, at).await?;
        tx.commit().await
    }

    async fn persons_with_documents(&self, hashes: &[String]) -> StoreResult<Vec<String>> {
        let mut out = Vec::new();
        for chunk in hashes.chunks(BATCH) {
            let mut select: QueryBuilder<Db> =
                QueryBuilder::new("SELECT id FROM persons WHERE document_hash IN (");
            let mut list = select.separated(", ");
            for hash in chunk {
                list.push_bind(hash);
            }
            select.push(")");
            out.extend(
                select
                    .build()
                    .fetch_all(&self.pool)
                    .await?
                    .iter()
                    .map(|r| r.get::<String, _>("id")),
            );
        }
        Ok(out)
    }
}
