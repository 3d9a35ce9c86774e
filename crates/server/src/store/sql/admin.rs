//! `AdminStore` for both backends (see `store.rs`).

use async_trait::async_trait;
use sqlx::{QueryBuilder, Row};

use super::store_impl::{audit, override_from_row, OVERRIDE_COLUMNS};
use super::{Backend, Db};
use crate::store::{
    AdminStore, AuditRow, AuthorityRow, NewReport, OverrideRow, ReportFiled, ReportGroup, ReportGroupRow,
    RiskAreaRow, StoreResult,
};
use healthcode_core::division_report::ReportOutcome;

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

    async fn file_division_report(&self, report: NewReport<'_>, max_open: i64) -> StoreResult<ReportFiled> {
        let mut tx = self.write().await?;
        let mine = sqlx::query(
            "SELECT id, outcome FROM division_reports \
             WHERE account_id = $1 AND parent_code = $2 AND name_key = $3",
        )
        .bind(report.account)
        .bind(report.parent)
        .bind(report.name_key)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(row) = &mine {
            if row.get::<Option<String>, _>("outcome").is_none() {
                return Ok(ReportFiled::Already(row.get("id")));
            }
        }
        let open: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM division_reports WHERE account_id = $1 AND outcome IS NULL",
        )
        .bind(report.account)
        .fetch_one(&mut *tx)
        .await?;
        if open >= max_open {
            return Ok(ReportFiled::TooMany);
        }
        let id = match mine {
            // Closed before (dismissed, or added and since removed): the resident still misses it.
            Some(row) => {
                let id: String = row.get("id");
                sqlx::query(
                    "UPDATE division_reports SET outcome = NULL, closed_by = NULL, closed_at = NULL, \
                     division_code = NULL, name = $2, reported_at = $3 WHERE id = $1",
                )
                .bind(&id)
                .bind(report.name)
                .bind(report.at)
                .execute(&mut *tx)
                .await?;
                id
            }
            None => {
                sqlx::query(
                    "INSERT INTO division_reports (id, parent_code, name, name_key, account_id, reported_at) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(report.id)
                .bind(report.parent)
                .bind(report.name)
                .bind(report.name_key)
                .bind(report.account)
                .bind(report.at)
                .execute(&mut *tx)
                .await?;
                report.id.to_owned()
            }
        };
        tx.commit().await?;
        Ok(ReportFiled::New(id))
    }

    async fn division_report_groups(&self, limit: i64) -> StoreResult<Vec<ReportGroupRow>> {
        // The group's first report gives its id and the name as first typed.
        const FIRST: &str = "FROM division_reports f WHERE f.outcome IS NULL \
             AND f.parent_code = r.parent_code AND f.name_key = r.name_key ORDER BY f.reported_at, f.id LIMIT 1";
        let rows = sqlx::query(&format!(
            "SELECT (SELECT f.id {FIRST}) AS id, (SELECT f.name {FIRST}) AS name, r.parent_code, \
             COUNT(*) AS reporters, MIN(r.reported_at) AS first_at, MAX(r.reported_at) AS last_at \
             FROM division_reports r WHERE r.outcome IS NULL GROUP BY r.parent_code, r.name_key \
             ORDER BY COUNT(*) DESC, MIN(r.reported_at) LIMIT $1"
        ))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| ReportGroupRow {
                id: r.get("id"),
                parent: r.get("parent_code"),
                name: r.get("name"),
                reporters: r.get("reporters"),
                first_reported_at: r.get("first_at"),
                last_reported_at: r.get("last_at"),
            })
            .collect())
    }

    async fn close_division_reports(
        &self,
        group: ReportGroup<'_>,
        outcome: ReportOutcome,
        division: Option<&str>,
        by: &str,
        at: &str,
    ) -> StoreResult<u64> {
        let mut tx = self.write().await?;
        let key = match group {
            ReportGroup::Of(id) => sqlx::query(
                "SELECT parent_code, name_key FROM division_reports WHERE id = $1 AND outcome IS NULL",
            )
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| (r.get::<String, _>("parent_code"), r.get::<String, _>("name_key"))),
            ReportGroup::Named { parent, name_key } => Some((parent.to_owned(), name_key.to_owned())),
        };
        let Some((parent, name_key)) = key else {
            return Ok(0);
        };
        let closed = sqlx::query(
            "UPDATE division_reports SET outcome = $3, closed_by = $4, closed_at = $5, division_code = $6 \
             WHERE parent_code = $1 AND name_key = $2 AND outcome IS NULL",
        )
        .bind(&parent)
        .bind(&name_key)
        .bind(outcome.wire())
        .bind(by)
        .bind(at)
        .bind(division)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if closed > 0 {
            let action = match outcome {
                ReportOutcome::Added => "division_report.added",
                ReportOutcome::Dismissed => "division_report.dismiss",
            };
            // How many residents asked, not who.
            audit(&mut tx, by, action, &parent, Some(&closed.to_string()), at).await?;
        }
        tx.commit().await?;
        Ok(closed)
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
