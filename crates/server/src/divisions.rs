//! The vendored division dataset (`data/divisions.tsv.gz`, see `data/README.md`), embedded in
//! the binary so it is found wherever the data directory is, and imported on first start.

use std::io::Read;
use std::time::Instant;

use anyhow::Context;
use flate2::read::GzDecoder;

use crate::store::{DivisionRow, Store};

/// The dataset, as vendored.
pub static DATASET: &[u8] = include_bytes!("../../../data/divisions.tsv.gz");
/// The `source` of rows imported from [`DATASET`].
pub const SOURCE: &str = "nbs2023";

/// Parses `code<TAB>name` lines from gzip bytes.
pub fn parse(gz: &[u8]) -> anyhow::Result<Vec<DivisionRow>> {
    let mut text = String::new();
    GzDecoder::new(gz)
        .read_to_string(&mut text)
        .context("the division dataset is not valid gzip UTF-8")?;
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            let (code, name) = line
                .split_once('\t')
                .with_context(|| format!("division dataset line {} has no tab", i + 1))?;
            Ok(DivisionRow {
                code: code.to_owned(),
                name: name.to_owned(),
            })
        })
        .collect()
}

/// Imports `gz` unless rows from it are already there; logs what it did and how long it took.
pub async fn import_if_empty(store: &dyn Store, gz: &[u8]) -> anyhow::Result<()> {
    let present = store.division_count(SOURCE).await?;
    if present > 0 {
        tracing::info!("divisions: {present} in the database");
        return Ok(());
    }
    let started = Instant::now();
    let rows = parse(gz)?;
    let inserted = store.import_divisions(&rows, SOURCE).await?;
    tracing::info!(
        "divisions: imported {inserted} in {:.1} s (first start)",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vendored_dataset_has_all_five_levels() {
        let rows = parse(DATASET).unwrap();
        assert!(rows.len() > 665_000, "{} rows", rows.len());
        let find = |code: &str| rows.iter().find(|r| r.code == code).map(|r| r.name.as_str());
        assert_eq!(find("14"), Some("山西省"));
        assert_eq!(find("1408"), Some("运城市"));
        assert_eq!(find("140802"), Some("盐湖区"));
        assert_eq!(find("4206"), Some("襄阳市"));
        assert_eq!(find("81"), Some("香港特别行政区"));
        assert!(rows
            .iter()
            .any(|r| r.code.len() == 12 && r.code.starts_with("140802")));
        assert!(
            rows.windows(2).all(|w| w[0].code < w[1].code),
            "sorted, no duplicates"
        );
    }
}
