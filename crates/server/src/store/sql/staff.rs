//! `StaffStore` for both backends (see `store.rs`): scopes, a grid's residents, tallies.

use async_trait::async_trait;
use sqlx::Row;

use super::store_impl::audit;
use super::{Backend, Db, DbRow};
use crate::store::{ContactRow, ResidenceView, ResidentRecord, StaffStore, StoreResult, TallyRow};

/// The residence codes under `prefix` as a range the residence index serves: every code
/// starting with the digits of `prefix` sorts at or after it and before `prefix` + "A".
fn range(prefix: &str) -> (String, String) {
    (prefix.to_owned(), format!("{prefix}A"))
}

/// A resident with their code, check-ins, first applicant and newest follow-up.
const RESIDENT: &str = "SELECT p.id, p.residence_division, p.name_masked, p.document_masked, p.isolation_start, \
     c.status, c.colour, c.valid_until, \
     (SELECT MAX(k.day) FROM checkins k WHERE k.person_id = p.id) AS last_checkin, \
     EXISTS (SELECT 1 FROM checkins k WHERE k.person_id = p.id AND k.day = $1) AS checked_in_today, \
     (SELECT ap.relation FROM account_persons ap WHERE ap.person_id = p.id \
        ORDER BY CASE WHEN ap.relation = 'self' THEN 0 ELSE 1 END, ap.created_at LIMIT 1) AS relation, \
     (SELECT sp.name_masked FROM account_persons ap \
        JOIN account_persons sa ON sa.account_id = ap.account_id AND sa.relation = 'self' \
        JOIN persons sp ON sp.id = sa.person_id \
        WHERE ap.person_id = p.id AND ap.relation <> 'self' ORDER BY ap.created_at LIMIT 1) AS applicant_masked, \
     (SELECT rc.kind FROM resident_contacts rc WHERE rc.person_id = p.id ORDER BY rc.id DESC LIMIT 1) AS last_contact \
     FROM persons p LEFT JOIN codes c ON c.person_id = p.id";

fn resident_from_row(r: &DbRow) -> ResidentRecord {
    ResidentRecord {
        person_id: r.get("id"),
        residence_division: r.get("residence_division"),
        name_masked: r.get("name_masked"),
        document_masked: r.get("document_masked"),
        isolation_start: r.get("isolation_start"),
        status: r.get("status"),
        colour: r.get("colour"),
        valid_until: r.get("valid_until"),
        last_checkin: r.get("last_checkin"),
        checked_in_today: r.get("checked_in_today"),
        relation: r.get("relation"),
        applicant_masked: r.get("applicant_masked"),
        last_contact: r.get("last_contact"),
    }
}

/// Sets the person's staff view inside a declaration's transaction.
pub(super) async fn write_residence(
    tx: &mut sqlx::Transaction<'_, Db>,
    person_id: &str,
    view: &ResidenceView,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE persons SET residence_division = $2, document_masked = $3, isolation_start = $4 WHERE id = $1",
    )
    .bind(person_id)
    .bind(&view.residence_division)
    .bind(&view.document_masked)
    .bind(&view.isolation_start)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[async_trait]
impl StaffStore for Backend {
    async fn staff_scopes(&self, account_id: &str) -> StoreResult<Vec<String>> {
        sqlx::query_scalar(
            "SELECT division_code FROM staff_scopes WHERE account_id = $1 ORDER BY division_code",
        )
        .bind(account_id)
        .fetch_all(&self.pool)
        .await
    }

    async fn set_staff_scopes(
        &self,
        account_id: &str,
        codes: &[String],
        by: &str,
        now: &str,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        sqlx::query("DELETE FROM staff_scopes WHERE account_id = $1")
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
        for code in codes {
            sqlx::query(
                "INSERT INTO staff_scopes (account_id, division_code, granted_by, granted_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (account_id, division_code) DO NOTHING",
            )
            .bind(account_id)
            .bind(code)
            .bind(by)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        audit(
            &mut tx,
            by,
            "staff.scopes",
            account_id,
            Some(&codes.join(",")),
            now,
        )
        .await?;
        tx.commit().await
    }

    async fn residents_in(&self, division: &str, today: &str) -> StoreResult<Vec<ResidentRecord>> {
        let (from, to) = range(division);
        let rows = sqlx::query(&format!(
            "{RESIDENT} WHERE p.residence_division >= $2 AND p.residence_division < $3 ORDER BY p.id"
        ))
        .bind(today)
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(resident_from_row).collect())
    }

    async fn resident(&self, person_id: &str, today: &str) -> StoreResult<Option<ResidentRecord>> {
        let row = sqlx::query(&format!(
            "{RESIDENT} WHERE p.id = $2 AND p.residence_division IS NOT NULL"
        ))
        .bind(today)
        .bind(person_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(resident_from_row))
    }

    async fn tally(&self, prefix: &str, child_len: usize, day: &str) -> StoreResult<Vec<TallyRow>> {
        let (from, to) = range(prefix);
        let rows = sqlx::query(
            "SELECT substr(p.residence_division, 1, CAST($3 AS INTEGER)) AS child, c.status, c.colour, \
                 COUNT(*) AS residents, SUM(CASE WHEN k.person_id IS NULL THEN 0 ELSE 1 END) AS checked_in \
             FROM persons p \
             LEFT JOIN codes c ON c.person_id = p.id \
             LEFT JOIN checkins k ON k.person_id = p.id AND k.day = $4 \
             WHERE p.residence_division >= $1 AND p.residence_division < $2 \
             GROUP BY substr(p.residence_division, 1, CAST($3 AS INTEGER)), c.status, c.colour",
        )
        .bind(from)
        .bind(to)
        .bind(child_len as i64)
        .bind(day)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| TallyRow {
                child: r.get("child"),
                status: r.get("status"),
                colour: r.get("colour"),
                residents: r.get("residents"),
                checked_in: r.get("checked_in"),
            })
            .collect())
    }

    async fn open_appeals_by(&self, prefix: &str, child_len: usize) -> StoreResult<Vec<(String, i64)>> {
        let (from, to) = range(prefix);
        let rows = sqlx::query(
            "SELECT substr(p.residence_division, 1, CAST($3 AS INTEGER)) AS child, COUNT(*) AS n \
             FROM appeals a JOIN persons p ON p.id = a.person_id \
             WHERE a.status <> 'resolved' AND p.residence_division >= $1 AND p.residence_division < $2 \
             GROUP BY substr(p.residence_division, 1, CAST($3 AS INTEGER))",
        )
        .bind(from)
        .bind(to)
        .bind(child_len as i64)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(|r| (r.get("child"), r.get("n"))).collect())
    }

    async fn checkins_by_day(
        &self,
        prefix: &str,
        from_day: &str,
        to_day: &str,
    ) -> StoreResult<Vec<(String, i64)>> {
        let (from, to) = range(prefix);
        let rows = sqlx::query(
            "SELECT k.day, COUNT(*) AS n FROM checkins k JOIN persons p ON p.id = k.person_id \
             WHERE k.day >= $3 AND k.day <= $4 AND p.residence_division >= $1 AND p.residence_division < $2 \
             GROUP BY k.day ORDER BY k.day",
        )
        .bind(from)
        .bind(to)
        .bind(from_day)
        .bind(to_day)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(|r| (r.get("day"), r.get("n"))).collect())
    }

    async fn record_contact(
        &self,
        person_id: &str,
        account_id: &str,
        kind: &str,
        note: Option<&str>,
        at: &str,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO resident_contacts (person_id, account_id, kind, note, at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(person_id)
        .bind(account_id)
        .bind(kind)
        .bind(note)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        // The note may name people: the audit line keeps only who, whom and what kind.
        audit(&mut tx, account_id, "staff.contact", person_id, Some(kind), at).await?;
        tx.commit().await
    }

    async fn contacts(&self, person_id: &str) -> StoreResult<Vec<ContactRow>> {
        let rows = sqlx::query(
            "SELECT rc.kind, rc.note, rc.at, COALESCE(a.phone_masked, '') AS by_masked \
             FROM resident_contacts rc LEFT JOIN accounts a ON a.id = rc.account_id \
             WHERE rc.person_id = $1 ORDER BY rc.id DESC",
        )
        .bind(person_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| ContactRow {
                kind: r.get("kind"),
                note: r.get("note"),
                by_masked: r.get("by_masked"),
                at: r.get("at"),
            })
            .collect())
    }

    async fn persons_without_residence(&self) -> StoreResult<Vec<String>> {
        sqlx::query_scalar(
            "SELECT p.id FROM persons p WHERE p.residence_division IS NULL \
             AND EXISTS (SELECT 1 FROM declarations d WHERE d.person_id = p.id) ORDER BY p.id",
        )
        .fetch_all(&self.pool)
        .await
    }

    async fn set_residence(&self, person_id: &str, view: &ResidenceView) -> StoreResult<()> {
        let mut tx = self.write().await?;
        write_residence(&mut tx, person_id, view).await?;
        tx.commit().await
    }
}
