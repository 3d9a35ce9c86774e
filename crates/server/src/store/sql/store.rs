//! The `Store` implementation shared by the SQLite and PostgreSQL backends: one copy of the SQL,
//! written in the dialect both accept (`$n` parameters, `ON CONFLICT`, `IS NOT DISTINCT FROM`,
//! `TRUE`/`FALSE`). Each backend module includes this file with its own `Db`, `DbRow`,
//! `Backend` and `BACKEND`, and gives `Backend` a `pool` and a `write()` transaction.

use std::collections::HashMap;

use async_trait::async_trait;
use healthcode_core::api::{ComponentStatus, DatabaseHealth, Division, DivisionMatch, PersonSummary};
use healthcode_core::division::DivisionCode;
use healthcode_core::token::{TrustList, TrustedKey};
use sqlx::{QueryBuilder, Row};

use super::{Backend, Db, DbRow, BACKEND};
use crate::secrets::random_token;
use crate::store::{
    Account, AppealRow, CheckinRow, CodeRecord, ColourEvent, DivisionRow, IdempotentReply, NewDeclaration,
    OtpChallenge, OverrideRow, PersonAccess, SaveError, SavedReply, SessionRow, Store, StoreResult,
    StoredDeclaration,
};

/// Rows per multi-row INSERT: 6 parameters each stays far below SQLite's 32 766 and
/// PostgreSQL's 65 535 limits.
const IMPORT_BATCH: usize = 2_000;

impl Backend {
    /// Runs one statement meant to change one row, in a write transaction of its own; whether
    /// it did (false: no such row, or already in that state).
    pub(super) async fn write_one<'q>(
        &self,
        query: sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments<'q>>,
    ) -> StoreResult<bool> {
        let mut tx = self.write().await?;
        let done = query.execute(&mut *tx).await?.rows_affected() == 1;
        tx.commit().await?;
        Ok(done)
    }
}

fn level_of(code: &str) -> u8 {
    match code.len() {
        2 => 1,
        4 => 2,
        6 => 3,
        9 => 4,
        _ => 5,
    }
}

fn parent_of(code: &str) -> Option<String> {
    DivisionCode::parse("code", code)
        .ok()
        .and_then(|c| c.parent())
        .map(String::from)
}

/// `has_children` as a correlated sub-query, served by the parent index.
const HAS_CHILDREN: &str = "EXISTS (SELECT 1 FROM divisions c WHERE c.parent_code = d.code) AS has_children";

fn division_from_row(row: &DbRow) -> Division {
    Division {
        code: row.get("code"),
        name: row.get("name"),
        level: row.get::<i64, _>("level") as u8,
        has_children: row.get("has_children"),
    }
}

fn escape_like(query: &str) -> String {
    query
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

#[async_trait]
impl Store for Backend {
    async fn health(&self) -> DatabaseHealth {
        let version: Result<Option<i64>, _> =
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
                .fetch_one(&self.pool)
                .await;
        let (status, schema_version) = match version {
            Ok(v) => (ComponentStatus::Ok, v),
            Err(err) => {
                tracing::warn!(error = %err, "database health check failed");
                (ComponentStatus::Unavailable, None)
            }
        };
        DatabaseHealth {
            status,
            backend: BACKEND.into(),
            schema_version,
        }
    }

    async fn close(&self) {
        self.pool.close().await;
    }

    async fn division_count(&self, source: &str) -> StoreResult<i64> {
        sqlx::query_scalar("SELECT COUNT(*) FROM divisions WHERE source = $1")
            .bind(source)
            .fetch_one(&self.pool)
            .await
    }

    async fn import_divisions(&self, rows: &[DivisionRow], source: &str) -> StoreResult<u64> {
        let now = chrono::Utc::now().to_rfc3339();
        let mut tx = self.write().await?;
        let mut inserted = 0;
        for batch in rows.chunks(IMPORT_BATCH) {
            let mut insert: QueryBuilder<Db> = QueryBuilder::new(
                "INSERT INTO divisions (code, parent_code, level, name, source, created_at) ",
            );
            insert.push_values(batch, |mut b, row| {
                b.push_bind(&row.code)
                    .push_bind(parent_of(&row.code))
                    .push_bind(i64::from(level_of(&row.code)))
                    .push_bind(&row.name)
                    .push_bind(source)
                    .push_bind(&now);
            });
            insert.push(" ON CONFLICT (code) DO NOTHING");
            inserted += insert.build().execute(&mut *tx).await?.rows_affected();
        }
        tx.commit().await?;
        Ok(inserted)
    }

    async fn division_children(&self, parent: Option<&str>) -> StoreResult<Vec<Division>> {
        let sql = format!(
            "SELECT d.code, d.name, d.level, {HAS_CHILDREN} FROM divisions d \
             WHERE d.parent_code IS NOT DISTINCT FROM $1 ORDER BY d.code"
        );
        let rows = sqlx::query(&sql).bind(parent).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(division_from_row).collect())
    }

    async fn division_path(&self, code: &str) -> StoreResult<Vec<Division>> {
        let Ok(code) = DivisionCode::parse("code", code) else {
            return Ok(Vec::new());
        };
        let chain: Vec<String> = code.ancestry().into_iter().map(String::from).collect();
        let mut query: QueryBuilder<Db> = QueryBuilder::new(format!(
            "SELECT d.code, d.name, d.level, {HAS_CHILDREN} FROM divisions d WHERE d.code IN ("
        ));
        let mut list = query.separated(", ");
        for c in &chain {
            list.push_bind(c);
        }
        query.push(") ORDER BY d.level");
        let rows = query.build().fetch_all(&self.pool).await?;
        let path: Vec<Division> = rows.iter().map(division_from_row).collect();
        // A gap in the chain means the code itself is not a known division.
        Ok(if path.last().map(|d| d.code.as_str()) == Some(code.as_str()) {
            path
        } else {
            Vec::new()
        })
    }

    async fn search_divisions(
        &self,
        query: &str,
        within: Option<&str>,
        limit: u32,
    ) -> StoreResult<Vec<DivisionMatch>> {
        let pattern = format!("%{}%", escape_like(query));
        let (sql, scope) = match within {
            Some(within) => (
                format!(
                    "SELECT d.code, d.name, d.level, {HAS_CHILDREN} FROM divisions d \
                     WHERE d.name LIKE $1 ESCAPE '\\' AND d.code LIKE $2 AND d.code <> $3 \
                     ORDER BY d.level, d.code LIMIT $4"
                ),
                Some(within.to_owned()),
            ),
            None => (
                format!(
                    "SELECT d.code, d.name, d.level, {HAS_CHILDREN} FROM divisions d \
                     WHERE d.name LIKE $1 ESCAPE '\\' AND d.level <= 4 AND $2 IS NULL AND $3 IS NULL \
                     ORDER BY d.level, d.code LIMIT $4"
                ),
                None,
            ),
        };
        let rows = sqlx::query(&sql)
            .bind(&pattern)
            .bind(scope.as_ref().map(|w| format!("{}%", escape_like(w))))
            .bind(scope.as_deref())
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
        let hits: Vec<Division> = rows.iter().map(division_from_row).collect();

        // One query for the names of every ancestor of every hit.
        let mut ancestors: Vec<String> = hits
            .iter()
            .filter_map(|d| DivisionCode::parse("code", &d.code).ok())
            .flat_map(|c| c.ancestry())
            .map(String::from)
            .collect();
        ancestors.sort();
        ancestors.dedup();
        let mut names: HashMap<String, String> = HashMap::new();
        if !ancestors.is_empty() {
            let mut q: QueryBuilder<Db> =
                QueryBuilder::new("SELECT code, name FROM divisions WHERE code IN (");
            let mut list = q.separated(", ");
            for c in &ancestors {
                list.push_bind(c);
            }
            q.push(")");
            for row in q.build().fetch_all(&self.pool).await? {
                names.insert(row.get("code"), row.get("name"));
            }
        }
        Ok(hits
            .into_iter()
            .map(|d| {
                let path_names = DivisionCode::parse("code", &d.code)
                    .map(|c| {
                        c.ancestry()
                            .iter()
                            .filter_map(|a| names.get(a.as_str()).cloned())
                            .collect()
                    })
                    .unwrap_or_default();
                DivisionMatch {
                    code: d.code,
                    name: d.name,
                    level: d.level,
                    has_children: d.has_children,
                    path_names,
                }
            })
            .collect())
    }

    async fn otp_sends_since(&self, phone_hash: &str, client: &str, since: i64) -> StoreResult<(i64, i64)> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM otp_sends WHERE phone_hash = $1 AND sent_at >= $3) AS by_phone, \
                    (SELECT COUNT(*) FROM otp_sends WHERE client = $2 AND sent_at >= $3) AS by_client",
        )
        .bind(phone_hash)
        .bind(client)
        .bind(since)
        .fetch_one(&self.pool)
        .await?;
        Ok((row.get("by_phone"), row.get("by_client")))
    }

    async fn otp_send_times(&self, phone_hash: &str, since: i64) -> StoreResult<Vec<i64>> {
        sqlx::query_scalar(
            "SELECT sent_at FROM otp_sends WHERE phone_hash = $1 AND sent_at >= $2 ORDER BY sent_at",
        )
        .bind(phone_hash)
        .bind(since)
        .fetch_all(&self.pool)
        .await
    }

    async fn record_otp(
        &self,
        phone_hash: &str,
        client: &str,
        code_hash: &str,
        now: i64,
        expires_at: i64,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        sqlx::query("INSERT INTO otp_sends (phone_hash, client, sent_at) VALUES ($1, $2, $3)")
            .bind(phone_hash)
            .bind(client)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO otp_challenges (phone_hash, code_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(phone_hash)
            .bind(code_hash)
            .bind(now)
            .bind(expires_at)
            .execute(&mut *tx)
            .await?;
        // Old rows serve no purpose after a day (the longest rate-limit window).
        sqlx::query("DELETE FROM otp_sends WHERE sent_at < $1")
            .bind(now - 86_400)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM otp_challenges WHERE expires_at < $1")
            .bind(now - 86_400)
            .execute(&mut *tx)
            .await?;
        tx.commit().await
    }

    async fn latest_otp(&self, phone_hash: &str) -> StoreResult<Option<OtpChallenge>> {
        let row = sqlx::query(
            "SELECT id, code_hash, expires_at, failed_attempts, consumed_at IS NOT NULL AS consumed \
             FROM otp_challenges WHERE phone_hash = $1 ORDER BY id DESC LIMIT 1",
        )
        .bind(phone_hash)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| OtpChallenge {
            id: r.get("id"),
            code_hash: r.get("code_hash"),
            expires_at: r.get("expires_at"),
            failed_attempts: r.get("failed_attempts"),
            consumed: r.get("consumed"),
        }))
    }

    async fn fail_otp(&self, id: i64) -> StoreResult<()> {
        sqlx::query("UPDATE otp_challenges SET failed_attempts = failed_attempts + 1 WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await
            .map(drop)
    }

    async fn consume_otp(&self, id: i64, now: i64) -> StoreResult<bool> {
        let done =
            sqlx::query("UPDATE otp_challenges SET consumed_at = $2 WHERE id = $1 AND consumed_at IS NULL")
                .bind(id)
                .bind(now)
                .execute(&self.pool)
                .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn account_for_phone(
        &self,
        phone_hash: &str,
        phone_masked: &str,
        now: &str,
    ) -> StoreResult<Account> {
        let mut tx = self.write().await?;
        let existing = sqlx::query("SELECT id, phone_masked, role FROM accounts WHERE phone_hash = $1")
            .bind(phone_hash)
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(row) = existing {
            return Ok(Account {
                id: row.get("id"),
                phone_masked: row.get("phone_masked"),
                role: row.get("role"),
            });
        }
        let account_id = format!("a_{}", random_token(12));
        let person_id = format!("p_{}", random_token(12));
        sqlx::query("INSERT INTO accounts (id, phone_hash, phone_masked, role, created_at) VALUES ($1, $2, $3, 'resident', $4)")
            .bind(&account_id)
            .bind(phone_hash)
            .bind(phone_masked)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO persons (id, person_ref, created_at) VALUES ($1, $2, $3)")
            .bind(&person_id)
            .bind(random_token(9))
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO account_persons (account_id, person_id, relation, created_at) VALUES ($1, $2, 'self', $3)",
        )
        .bind(&account_id)
        .bind(&person_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Account {
            id: account_id,
            phone_masked: phone_masked.to_owned(),
            role: "resident".into(),
        })
    }

    async fn create_session(
        &self,
        token_hash: &str,
        account_id: &str,
        now: i64,
        expires_at: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, account_id, created_at, expires_at, last_seen_at) \
             VALUES ($1, $2, $3, $4, $3)",
        )
        .bind(token_hash)
        .bind(account_id)
        .bind(now)
        .bind(expires_at)
        .execute(&self.pool)
        .await
        .map(drop)
    }

    async fn session_account(&self, token_hash: &str, now: i64) -> StoreResult<Option<SessionRow>> {
        let row = sqlx::query(
            "SELECT a.id, a.phone_masked, a.role, s.created_at, s.last_seen_at \
             FROM sessions s JOIN accounts a ON a.id = s.account_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| SessionRow {
            account: Account {
                id: r.get("id"),
                phone_masked: r.get("phone_masked"),
                role: r.get("role"),
            },
            created_at: r.get("created_at"),
            last_seen_at: r.get("last_seen_at"),
        }))
    }

    async fn touch_session(&self, token_hash: &str, now: i64) -> StoreResult<()> {
        sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1")
            .bind(token_hash)
            .bind(now)
            .execute(&self.pool)
            .await
            .map(drop)
    }

    async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await
            .map(drop)
    }

    async fn ensure_own_key(&self, key: &TrustedKey, now: &str) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO trusted_keys (issuer, key_id, public_key, valid_from, valid_until, own, added_at) \
             VALUES ($1, $2, $3, $4, $5, TRUE, $6) ON CONFLICT (issuer, key_id) DO NOTHING",
        )
        .bind(&key.issuer)
        .bind(&key.key_id)
        .bind(&key.public_key)
        .bind(key.valid_from)
        .bind(key.valid_until)
        .bind(now)
        .execute(&self.pool)
        .await
        .map(drop)
    }

    async fn trust_list(&self) -> StoreResult<TrustList> {
        let rows = sqlx::query(
            "SELECT issuer, key_id, public_key, valid_from, valid_until FROM trusted_keys ORDER BY issuer, key_id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(TrustList {
            keys: rows
                .iter()
                .map(|r| TrustedKey {
                    issuer: r.get("issuer"),
                    key_id: r.get("key_id"),
                    public_key: r.get("public_key"),
                    valid_from: r.get("valid_from"),
                    valid_until: r.get("valid_until"),
                })
                .collect(),
        })
    }

    async fn persons_for_account(&self, account_id: &str) -> StoreResult<Vec<PersonSummary>> {
        let rows = sqlx::query(
            "SELECT p.id, ap.relation, ap.relation_note, p.name_masked, c.status, c.colour, \
                    EXISTS (SELECT 1 FROM declarations d WHERE d.person_id = p.id) AS declared \
             FROM account_persons ap JOIN persons p ON p.id = ap.person_id \
             LEFT JOIN codes c ON c.person_id = p.id \
             WHERE ap.account_id = $1 \
             ORDER BY ap.relation <> 'self', ap.created_at, p.id",
        )
        .bind(account_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| PersonSummary {
                id: r.get("id"),
                relation: r.get("relation"),
                relation_note: r.get("relation_note"),
                name_masked: r.get("name_masked"),
                declared: r.get("declared"),
                status: r
                    .get::<Option<String>, _>("status")
                    .and_then(|s| serde_json::from_value(serde_json::Value::String(s)).ok()),
                colour: r
                    .get::<Option<String>, _>("colour")
                    .and_then(|s| serde_json::from_value(serde_json::Value::String(s)).ok()),
            })
            .collect())
    }

    async fn person_access(&self, account_id: &str, person_id: &str) -> StoreResult<Option<PersonAccess>> {
        let row = sqlx::query(
            "SELECT p.id, p.person_ref, ap.relation, ap.relation_note, p.name_masked FROM account_persons ap \
             JOIN persons p ON p.id = ap.person_id WHERE ap.account_id = $1 AND ap.person_id = $2",
        )
        .bind(account_id)
        .bind(person_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| PersonAccess {
            person_id: r.get("id"),
            person_ref: r.get("person_ref"),
            relation: r.get("relation"),
            relation_note: r.get("relation_note"),
            name_masked: r.get("name_masked"),
        }))
    }

    async fn latest_declaration(&self, person_id: &str) -> StoreResult<Option<StoredDeclaration>> {
        let row = sqlx::query(
            "SELECT version, body, created_at FROM declarations WHERE person_id = $1 ORDER BY version DESC LIMIT 1",
        )
        .bind(person_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| StoredDeclaration {
            version: r.get("version"),
            body: r.get("body"),
            created_at: r.get("created_at"),
        }))
    }

    async fn idempotent_reply(&self, account_id: &str, key: &str) -> StoreResult<Option<IdempotentReply>> {
        let row = sqlx::query(
            "SELECT request_hash, status, body FROM idempotency_keys WHERE account_id = $1 AND key = $2",
        )
        .bind(account_id)
        .bind(key)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| IdempotentReply {
            request_hash: r.get("request_hash"),
            status: r.get::<i64, _>("status") as u16,
            body: r.get("body"),
        }))
    }

    async fn remember_reply(
        &self,
        account_id: &str,
        key: &str,
        request_hash: &str,
        body: &str,
        at: &str,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO idempotency_keys (account_id, key, request_hash, status, body, created_at) \
             VALUES ($1, $2, $3, 200, $4, $5) ON CONFLICT DO NOTHING",
        )
        .bind(account_id)
        .bind(key)
        .bind(request_hash)
        .bind(body)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn save_declaration(&self, new: NewDeclaration) -> Result<SavedReply, SaveError> {
        let mut tx = self.write().await?;
        let holder: Option<String> =
            sqlx::query_scalar("SELECT id FROM persons WHERE document_hash = $1 AND id <> $2")
                .bind(&new.document_hash)
                .bind(&new.person_id)
                .fetch_optional(&mut *tx)
                .await?;
        let linked = match holder {
            Some(holder) => {
                Some(link_dependant(&mut tx, &new.account_id, &new.person_id, new.may_link, &holder).await?)
            }
            None => None,
        };
        let person_id = linked.clone().unwrap_or_else(|| new.person_id.clone());
        let version: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) + 1 FROM declarations WHERE person_id = $1")
                .bind(&person_id)
                .fetch_one(&mut *tx)
                .await?;
        sqlx::query(
            "INSERT INTO declarations (person_id, version, body, submitted_by, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&person_id)
        .bind(version)
        .bind(&new.body)
        .bind(&new.account_id)
        .bind(&new.created_at)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE persons SET document_hash = $2, name_masked = $3 WHERE id = $1")
            .bind(&person_id)
            .bind(&new.document_hash)
            .bind(&new.name_masked)
            .execute(&mut *tx)
            .await?;
        super::staff_impl::write_residence(&mut tx, &person_id, &new.residence).await?;
        write_code(&mut tx, &person_id, &new.code, Some(version), &new.created_at).await?;
        let reply = (new.reply)(version, linked.as_deref());
        sqlx::query(
            "INSERT INTO idempotency_keys (account_id, key, request_hash, status, body, created_at) \
             VALUES ($1, $2, $3, 200, $4, $5)",
        )
        .bind(&new.account_id)
        .bind(&new.idempotency_key)
        .bind(&new.request_hash)
        .bind(&reply)
        .bind(&new.created_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(SavedReply {
            body: reply,
            linked_person: linked,
        })
    }

    async fn code_record(&self, person_id: &str) -> StoreResult<Option<CodeRecord>> {
        let row = sqlx::query(
            "SELECT status, colour, reasons, valid_until, declaration_version, next_step FROM codes WHERE person_id = $1",
        )
        .bind(person_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| code_from_row(&r)))
    }

    async fn code_by_person_ref(&self, person_ref: &str) -> StoreResult<Option<CodeRecord>> {
        let row = sqlx::query(
            "SELECT c.status, c.colour, c.reasons, c.valid_until, c.declaration_version, c.next_step \
             FROM persons p JOIN codes c ON c.person_id = p.id WHERE p.person_ref = $1",
        )
        .bind(person_ref)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| code_from_row(&r)))
    }

    async fn update_code(&self, person_id: &str, code: &CodeRecord, at: &str) -> StoreResult<()> {
        let mut tx = self.write().await?;
        write_code(&mut tx, person_id, code, None, at).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn persons_with_codes(&self) -> StoreResult<Vec<String>> {
        Ok(
            sqlx::query_scalar("SELECT person_id FROM codes WHERE status = 'issued' ORDER BY person_id")
                .fetch_all(&self.pool)
                .await?,
        )
    }

    async fn person_name_masked(&self, person_id: &str) -> StoreResult<Option<String>> {
        let name: Option<Option<String>> =
            sqlx::query_scalar("SELECT name_masked FROM persons WHERE id = $1")
                .bind(person_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(name.flatten())
    }

    async fn person_document_hash(&self, person_id: &str) -> StoreResult<Option<String>> {
        let hash: Option<Option<String>> =
            sqlx::query_scalar("SELECT document_hash FROM persons WHERE id = $1")
                .bind(person_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(hash.flatten())
    }

    async fn save_checkin(&self, c: &CheckinRow) -> StoreResult<()> {
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO checkins (person_id, day, temperature_c, symptoms, location_division, at) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (person_id, day) DO UPDATE SET temperature_c = excluded.temperature_c, \
             symptoms = excluded.symptoms, location_division = excluded.location_division, at = excluded.at",
        )
        .bind(&c.person_id)
        .bind(&c.day)
        .bind(c.temperature_c)
        .bind(&c.symptoms)
        .bind(&c.location_division)
        .bind(&c.at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn checkins(&self, person_id: &str, since_day: &str) -> StoreResult<Vec<CheckinRow>> {
        let rows = sqlx::query(
            "SELECT person_id, day, temperature_c, symptoms, location_division, at FROM checkins \
             WHERE person_id = $1 AND day >= $2 ORDER BY day",
        )
        .bind(person_id)
        .bind(since_day)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(checkin_from_row).collect())
    }

    async fn colour_events(&self, person_id: &str, since: &str) -> StoreResult<Vec<ColourEvent>> {
        let rows = sqlx::query(
            "SELECT colour, rule, at FROM colour_events WHERE person_id = $1 AND at >= $2 ORDER BY id",
        )
        .bind(person_id)
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| ColourEvent {
                colour: r.get("colour"),
                rule: r.get("rule"),
                at: r.get("at"),
            })
            .collect())
    }

    async fn set_account_role(
        &self,
        phone_hash: &str,
        phone_masked: &str,
        role: &str,
        by: &str,
        now: &str,
    ) -> StoreResult<Account> {
        let account = self.account_for_phone(phone_hash, phone_masked, now).await?;
        let mut tx = self.write().await?;
        sqlx::query("UPDATE accounts SET role = $2 WHERE id = $1")
            .bind(&account.id)
            .bind(role)
            .execute(&mut *tx)
            .await?;
        audit(&mut tx, by, "account.role", &account.id, Some(role), now).await?;
        tx.commit().await?;
        Ok(Account {
            role: role.to_owned(),
            ..account
        })
    }

    async fn create_appeal(&self, a: &AppealRow) -> StoreResult<()> {
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO appeals (id, person_id, account_id, reason, note, status, resolution, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&a.id)
        .bind(&a.person_id)
        .bind(&a.account_id)
        .bind(&a.reason)
        .bind(&a.note)
        .bind(&a.status)
        .bind(&a.resolution)
        .bind(&a.created_at)
        .bind(&a.updated_at)
        .execute(&mut *tx)
        .await?;
        audit(
            &mut tx,
            &a.account_id,
            "appeal.submit",
            &a.id,
            Some(&a.reason),
            &a.created_at,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn appeals_for_person(&self, person_id: &str) -> StoreResult<Vec<AppealRow>> {
        let rows = sqlx::query(&format!(
            "{APPEAL_COLUMNS} WHERE person_id = $1 ORDER BY created_at DESC"
        ))
        .bind(person_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(appeal_from_row).collect())
    }

    async fn open_appeals(&self) -> StoreResult<Vec<AppealRow>> {
        let rows = sqlx::query(&format!(
            "{APPEAL_COLUMNS} WHERE status <> 'resolved' ORDER BY created_at"
        ))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(appeal_from_row).collect())
    }

    async fn appeal(&self, id: &str) -> StoreResult<Option<AppealRow>> {
        let row = sqlx::query(&format!("{APPEAL_COLUMNS} WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(appeal_from_row))
    }

    async fn propose_override(&self, o: &OverrideRow) -> StoreResult<()> {
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO colour_overrides (id, appeal_id, person_id, colour, reason, proposed_by, proposed_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&o.id)
        .bind(&o.appeal_id)
        .bind(&o.person_id)
        .bind(&o.colour)
        .bind(&o.reason)
        .bind(&o.proposed_by)
        .bind(&o.proposed_at)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE appeals SET status = 'in_progress', updated_at = $2 WHERE id = $1")
            .bind(&o.appeal_id)
            .bind(&o.proposed_at)
            .execute(&mut *tx)
            .await?;
        let detail = format!("{}: {}", o.colour, o.reason);
        audit(
            &mut tx,
            &o.proposed_by,
            "override.propose",
            &o.id,
            Some(&detail),
            &o.proposed_at,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn colour_override(&self, id: &str) -> StoreResult<Option<OverrideRow>> {
        let row = sqlx::query(&format!("{OVERRIDE_COLUMNS} WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(override_from_row))
    }

    async fn pending_override(&self, appeal_id: &str) -> StoreResult<Option<OverrideRow>> {
        let row = sqlx::query(&format!(
            "{OVERRIDE_COLUMNS} WHERE appeal_id = $1 AND approved_by IS NULL AND rejected_by IS NULL ORDER BY proposed_at DESC LIMIT 1"
        ))
        .bind(appeal_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(override_from_row))
    }

    async fn approve_override(
        &self,
        id: &str,
        approver: &str,
        at: &str,
        resolution: &str,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        sqlx::query("UPDATE colour_overrides SET approved_by = $2, approved_at = $3 WHERE id = $1")
            .bind(id)
            .bind(approver)
            .bind(at)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE appeals SET status = 'resolved', resolution = $2, updated_at = $3 \
             WHERE id = (SELECT appeal_id FROM colour_overrides WHERE id = $1)",
        )
        .bind(id)
        .bind(resolution)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        audit(&mut tx, approver, "override.approve", id, None, at).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn resolve_appeal(&self, id: &str, admin: &str, at: &str, resolution: &str) -> StoreResult<()> {
        let mut tx = self.write().await?;
        sqlx::query("UPDATE appeals SET status = 'resolved', resolution = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(resolution)
            .bind(at)
            .execute(&mut *tx)
            .await?;
        audit(&mut tx, admin, "appeal.resolve", id, Some(resolution), at).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn latest_override(&self, person_id: &str) -> StoreResult<Option<OverrideRow>> {
        let row = sqlx::query(&format!(
            "{OVERRIDE_COLUMNS} WHERE person_id = $1 AND approved_at IS NOT NULL ORDER BY approved_at DESC LIMIT 1"
        ))
        .bind(person_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(override_from_row))
    }

    async fn risk_areas(&self) -> StoreResult<Vec<(String, String, String)>> {
        let rows = sqlx::query(
            "SELECT r.division_code, COALESCE(d.name, r.division_code) AS name, r.level \
             FROM risk_areas r LEFT JOIN divisions d ON d.code = r.division_code ORDER BY r.division_code",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| (r.get("division_code"), r.get("name"), r.get("level")))
            .collect())
    }

    async fn authority_entry(&self, document_hash: &str) -> StoreResult<Option<(String, String)>> {
        let row = sqlx::query("SELECT colour, category FROM authority_list WHERE document_hash = $1")
            .bind(document_hash)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| (r.get("colour"), r.get("category"))))
    }

    async fn add_division(&self, code: &str, name: &str, now: &str) -> StoreResult<bool> {
        let done = sqlx::query(
            "INSERT INTO divisions (code, parent_code, level, name, source, created_at) \
             VALUES ($1, $2, $3, $4, 'admin', $5) ON CONFLICT (code) DO NOTHING",
        )
        .bind(code)
        .bind(parent_of(code))
        .bind(i64::from(level_of(code)))
        .bind(name)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn set_risk_area(&self, code: &str, level: &str, note: Option<&str>, now: &str) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO risk_areas (division_code, level, since, note) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (division_code) DO UPDATE SET level = excluded.level, note = excluded.note",
        )
        .bind(code)
        .bind(level)
        .bind(now)
        .bind(note)
        .execute(&self.pool)
        .await
        .map(drop)
    }

    async fn remove_risk_area(&self, code: &str) -> StoreResult<bool> {
        let done = sqlx::query("DELETE FROM risk_areas WHERE division_code = $1")
            .bind(code)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }
}

fn code_from_row(r: &DbRow) -> CodeRecord {
    CodeRecord {
        status: r.get("status"),
        colour: r.get("colour"),
        reasons: r.get("reasons"),
        valid_until: r.get("valid_until"),
        declaration_version: r.get("declaration_version"),
        next_step: r.get("next_step"),
    }
}

/// The first rule of a reasons list (what the colour is "because of").
fn first_rule(reasons: &str) -> String {
    serde_json::from_str::<Vec<serde_json::Value>>(reasons)
        .ok()
        .and_then(|list| list.first()?.get("rule")?.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Writes a person's code; a new colour is recorded as a colour event. `version` is the
/// declaration it reviews (`None` keeps the stored one).
async fn write_code(
    tx: &mut sqlx::Transaction<'_, Db>,
    person_id: &str,
    code: &CodeRecord,
    version: Option<i64>,
    at: &str,
) -> StoreResult<()> {
    let before: Option<(Option<String>, Option<String>)> =
        sqlx::query_as("SELECT colour, valid_until FROM codes WHERE person_id = $1")
            .bind(person_id)
            .fetch_optional(&mut **tx)
            .await?;
    let (before_colour, before_until) = before.unwrap_or_default();
    sqlx::query(
        "INSERT INTO codes (person_id, status, colour, reasons, valid_until, declaration_version, reviewed_at, next_step) \
         VALUES ($1, $2, $3, $4, $5, COALESCE($6, 0), $7, $8) \
         ON CONFLICT (person_id) DO UPDATE SET status = excluded.status, colour = excluded.colour, \
         reasons = excluded.reasons, valid_until = excluded.valid_until, \
         declaration_version = COALESCE($6, codes.declaration_version), reviewed_at = excluded.reviewed_at, \
         next_step = excluded.next_step",
    )
    .bind(person_id)
    .bind(&code.status)
    .bind(&code.colour)
    .bind(&code.reasons)
    .bind(&code.valid_until)
    .bind(version)
    .bind(at)
    .bind(&code.next_step)
    .execute(&mut **tx)
    .await?;
    if let Some(colour) = &code.colour {
        if before_colour.as_ref() != Some(colour) {
            let rule = first_rule(&code.reasons);
            // A lapse happened when the validity ran out, not when the sweep noticed it.
            let when = match (&before_until, rule.as_str()) {
                (Some(until), "checkin_missed") => until.as_str(),
                _ => at,
            };
            sqlx::query("INSERT INTO colour_events (person_id, colour, rule, at) VALUES ($1, $2, $3, $4)")
                .bind(person_id)
                .bind(colour)
                .bind(&rule)
                .bind(when)
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(())
}

fn checkin_from_row(r: &DbRow) -> CheckinRow {
    CheckinRow {
        person_id: r.get("person_id"),
        day: r.get("day"),
        temperature_c: r.get("temperature_c"),
        symptoms: r.get("symptoms"),
        location_division: r.get("location_division"),
        at: r.get("at"),
    }
}

const APPEAL_COLUMNS: &str =
    "SELECT id, person_id, account_id, reason, note, status, resolution, created_at, updated_at FROM appeals";
pub(super) const OVERRIDE_COLUMNS: &str =
    "SELECT id, appeal_id, person_id, colour, reason, proposed_by, proposed_at, \
     approved_by, approved_at, rejected_by, rejected_at FROM colour_overrides";

fn appeal_from_row(r: &DbRow) -> AppealRow {
    AppealRow {
        id: r.get("id"),
        person_id: r.get("person_id"),
        account_id: r.get("account_id"),
        reason: r.get("reason"),
        note: r.get("note"),
        status: r.get("status"),
        resolution: r.get("resolution"),
        created_at: r.get("created_at"),
        updated_at: r.get("updated_at"),
    }
}

pub(super) fn override_from_row(r: &DbRow) -> OverrideRow {
    OverrideRow {
        id: r.get("id"),
        appeal_id: r.get("appeal_id"),
        person_id: r.get("person_id"),
        colour: r.get("colour"),
        reason: r.get("reason"),
        proposed_by: r.get("proposed_by"),
        proposed_at: r.get("proposed_at"),
        approved_by: r.get("approved_by"),
        approved_at: r.get("approved_at"),
        rejected_by: r.get("rejected_by"),
        rejected_at: r.get("rejected_at"),
    }
}

/// One audit line, in the same transaction as the change it records.
pub(super) async fn audit(
    tx: &mut sqlx::Transaction<'_, Db>,
    actor: &str,
    action: &str,
    subject: &str,
    detail: Option<&str>,
    at: &str,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO audit_log (actor, action, subject, detail, at) VALUES ($1, $2, $3, $4, $5)")
        .bind(actor)
        .bind(action)
        .bind(subject)
        .bind(detail)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Links the declaring account's new dependant entry to `holder`, the person another account
/// already declared with the same document: the account's row moves to `holder` and the empty
/// entry goes. Refused for someone's own person, a dependant entry that already has
/// declarations, a fourth account, or an account that already has `holder`.
async fn link_dependant(
    tx: &mut sqlx::Transaction<'_, Db>,
    account_id: &str,
    entry: &str,
    may_link: bool,
    holder: &str,
) -> Result<String, SaveError> {
    let holder_is_someones_self: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM account_persons WHERE person_id = $1 AND relation = 'self')",
    )
    .bind(holder)
    .fetch_one(&mut **tx)
    .await?;
    let entry_has_versions: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM declarations WHERE person_id = $1)")
            .bind(entry)
            .fetch_one(&mut **tx)
            .await?;
    if !may_link || holder_is_someones_self || entry_has_versions {
        return Err(SaveError::DocumentTaken);
    }
    let accounts: Vec<String> =
        sqlx::query_scalar("SELECT account_id FROM account_persons WHERE person_id = $1")
            .bind(holder)
            .fetch_all(&mut **tx)
            .await?;
    if accounts.iter().any(|a| a == account_id) {
        return Err(SaveError::AlreadyLinked);
    }
    if accounts.len() as i64 >= crate::store::family::ACCOUNTS_CAP {
        return Err(SaveError::TooManyApplicants);
    }
    sqlx::query("UPDATE account_persons SET person_id = $3 WHERE account_id = $1 AND person_id = $2")
        .bind(account_id)
        .bind(entry)
        .bind(holder)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM persons WHERE id = $1")
        .bind(entry)
        .execute(&mut **tx)
        .await?;
    Ok(holder.to_owned())
}
