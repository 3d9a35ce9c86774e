//! Completion-report benchmark (run by `make bench`): a county of 200,000 generated residents
//! (盐湖区's real communities, SQLite in a temp dir), then the queries an official's 辖区完成情况
//! and a grid worker's 住户管理 make, timed (median of 7 runs). Prints milliseconds.
//!
//! `completion [RESIDENTS]`

use std::time::Instant;

use healthcode_server::divisions;
use healthcode_server::store::{SqliteStore, StaffStore, Store};
use sqlx::sqlite::SqlitePoolOptions;

const COUNTY: &str = "140802";
const DAY: &str = "2026-12-03";

fn median_ms(mut runs: Vec<f64>) -> f64 {
    runs.sort_by(f64::total_cmp);
    runs[runs.len() / 2]
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let residents: usize = std::env::args().nth(1).map_or(Ok(200_000), |n| n.parse())?;
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("bench.db");
    let store = SqliteStore::open(&path).await?;
    divisions::import_if_empty(&store, divisions::DATASET).await?;
    let villages: Vec<String> = divisions::parse(divisions::DATASET)?
        .into_iter()
        .filter(|r| r.code.len() == 12 && r.code.starts_with(COUNTY))
        .map(|r| r.code)
        .collect();
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect(&format!("sqlite://{}", path.display()))
        .await?;
    let started = Instant::now();
    let mut tx = pool.begin().await?;
    for i in 0..residents {
        let id = format!("p{i:07}");
        let village = &villages[i % villages.len()];
        sqlx::query(
            "INSERT INTO persons (id, person_ref, name_masked, created_at, residence_division, document_masked) \
             VALUES (?, ?, '李*', '2026-12-01T00:00:00Z', ?, '11**************2X')",
        )
        .bind(&id)
        .bind(format!("r{i:07}"))
        .bind(village)
        .execute(&mut *tx)
        .await?;
        let colour = match i % 20 {
            0 => "red",
            1 => "yellow",
            _ => "green",
        };
        sqlx::query(
            "INSERT INTO codes (person_id, status, colour, reasons, valid_until, declaration_version) \
             VALUES (?, 'issued', ?, '[]', '2026-12-06T00:00:00Z', 1)",
        )
        .bind(&id)
        .bind(colour)
        .execute(&mut *tx)
        .await?;
        if i % 10 < 7 {
            sqlx::query(
                "INSERT INTO checkins (person_id, day, temperature_c, symptoms, at) VALUES (?, ?, 36.5, '[]', ?)",
            )
            .bind(&id)
            .bind(DAY)
            .bind(format!("{DAY}T01:00:00Z"))
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    sqlx::query("ANALYZE").execute(&pool).await?;
    println!(
        "generated {residents} residents in {} communities of {COUNTY} in {:.1} s",
        villages.len(),
        started.elapsed().as_secs_f64()
    );

    let town = &villages[0][..9];
    let community = &villages[0];
    let in_community = store.residents_in(community, DAY).await?.len();
    for (label, prefix, child_len) in [
        ("county report (towns)", COUNTY, 9),
        ("town report (communities)", town, 12),
    ] {
        let mut runs = Vec::new();
        let mut rows = 0;
        for _ in 0..7 {
            let t = Instant::now();
            rows = store.tally(prefix, child_len, DAY).await?.len();
            store.open_appeals_by(prefix, child_len).await?;
            store.division_children(Some(prefix)).await?;
            runs.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        println!(
            "completion, {label}: {:.1} ms median ({rows} tally rows)",
            median_ms(runs)
        );
    }
    let mut runs = Vec::new();
    for _ in 0..7 {
        let t = Instant::now();
        store.residents_in(community, DAY).await?;
        runs.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "grid worker's resident list, one community of {in_community}: {:.1} ms median",
        median_ms(runs)
    );
    store.close().await;
    Ok(())
}
