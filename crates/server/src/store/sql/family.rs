//! `FamilyStore` for both backends (see `store.rs`): dependants and paper-code serials.

use async_trait::async_trait;
use healthcode_core::family::DependantRequest;
use sqlx::Row;

use super::{Backend, DbRow};
use crate::secrets::random_token;
use crate::store::{AddError, FamilyStore, PaperRow, StoreResult};

fn paper_row(r: &DbRow) -> PaperRow {
    PaperRow {
        id: r.get("id"),
        person_id: r.get("person_id"),
        serial: r.get("serial"),
        issued_by: r.get("issued_by"),
        colour: r.get("colour"),
        issued_at: r.get("issued_at"),
        valid_until: r.get("valid_until"),
        revoked_at: r.get("revoked_at"),
    }
}

const PAPER_COLUMNS: &str = "id, person_id, serial, issued_by, colour, issued_at, valid_until, revoked_at";

#[async_trait]
impl FamilyStore for Backend {
    async fn add_dependant(
        &self,
        account_id: &str,
        request: &DependantRequest,
        cap: usize,
        now: &str,
    ) -> Result<String, AddError> {
        let mut tx = self.write().await?;
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM account_persons WHERE account_id = $1 AND relation <> 'self'",
        )
        .bind(account_id)
        .fetch_one(&mut *tx)
        .await?;
        if count >= cap as i64 {
            return Err(AddError::TooMany);
        }
        let person_id = format!("p_{}", random_token(12));
        sqlx::query("INSERT INTO persons (id, person_ref, created_at) VALUES ($1, $2, $3)")
            .bind(&person_id)
            .bind(random_token(9))
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO account_persons (account_id, person_id, relation, relation_note, guardian_consent, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(account_id)
        .bind(&person_id)
        .bind(request.relation.wire())
        .bind(&request.relation_note)
        .bind(request.guardian_consent)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(person_id)
    }

    async fn update_dependant(
        &self,
        account_id: &str,
        person_id: &str,
        request: &DependantRequest,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        sqlx::query(
            "UPDATE account_persons SET relation = $3, relation_note = $4, \
                    guardian_consent = (guardian_consent OR $5) \
             WHERE account_id = $1 AND person_id = $2 AND relation <> 'self'",
        )
        .bind(account_id)
        .bind(person_id)
        .bind(request.relation.wire())
        .bind(&request.relation_note)
        .bind(request.guardian_consent)
        .execute(&mut *tx)
        .await?;
        tx.commit().await
    }

    async fn unlink_dependant(&self, account_id: &str, person_id: &str) -> StoreResult<bool> {
        let mut tx = self.write().await?;
        sqlx::query(
            "DELETE FROM account_persons WHERE account_id = $1 AND person_id = $2 AND relation <> 'self'",
        )
        .bind(account_id)
        .bind(person_id)
        .execute(&mut *tx)
        .await?;
        let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM account_persons WHERE person_id = $1")
            .bind(person_id)
            .fetch_one(&mut *tx)
            .await?;
        let deleted = left == 0;
        if deleted {
            // Declarations, codes, check-ins, appeals and paper codes go with it (ON DELETE CASCADE).
            sqlx::query("DELETE FROM persons WHERE id = $1")
                .bind(person_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(deleted)
    }

    async fn create_paper_code(&self, row: &PaperRow) -> StoreResult<()> {
        let mut tx = self.write().await?;
        sqlx::query(&format!(
            "INSERT INTO paper_codes ({PAPER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
        ))
        .bind(&row.id)
        .bind(&row.person_id)
        .bind(&row.serial)
        .bind(&row.issued_by)
        .bind(&row.colour)
        .bind(&row.issued_at)
        .bind(&row.valid_until)
        .bind(&row.revoked_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await
    }

    async fn paper_codes(&self, person_id: &str) -> StoreResult<Vec<PaperRow>> {
        let rows = sqlx::query(&format!(
            "SELECT {PAPER_COLUMNS} FROM paper_codes WHERE person_id = $1 ORDER BY issued_at DESC, id"
        ))
        .bind(person_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(paper_row).collect())
    }

    async fn revoke_paper_code(&self, person_id: &str, id: &str, at: &str) -> StoreResult<bool> {
        self.write_one(
            sqlx::query(
                "UPDATE paper_codes SET revoked_at = $3 WHERE person_id = $1 AND id = $2 AND revoked_at IS NULL",
            )
            .bind(person_id)
            .bind(id)
            .bind(at),
        )
        .await
    }

    async fn paper_code_by_serial(&self, serial: &str) -> StoreResult<Option<PaperRow>> {
        let row = sqlx::query(&format!(
            "SELECT {PAPER_COLUMNS} FROM paper_codes WHERE serial = $1"
        ))
        .bind(serial)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(paper_row))
    }
}
