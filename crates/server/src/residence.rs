//! What staff see of a person, derived from their declaration: the residence (a community),
//! the masked document and the start of home isolation. Saved with every declaration; data from
//! before it existed is filled in once at start-up.

use healthcode_core::declaration::DeclarationForm;
use healthcode_core::identity::mask_middle;

use crate::store::{ResidenceView, Store};

/// The staff view of a declaration.
pub fn view_of(form: &DeclarationForm) -> ResidenceView {
    ResidenceView {
        residence_division: Some(form.residence_division.clone()),
        document_masked: Some(mask_middle(&form.document_number, 2, 2)),
        isolation_start: form.isolation_start.map(|d| d.to_string()),
    }
}

/// Fills in the staff view of every declared person who lacks one; returns how many. A body
/// that no longer parses is skipped and logged by person id only (no personal data).
pub async fn backfill(store: &dyn Store) -> anyhow::Result<usize> {
    let mut done = 0;
    for person_id in store.persons_without_residence().await? {
        let Some(stored) = store.latest_declaration(&person_id).await? else {
            continue;
        };
        match serde_json::from_str::<DeclarationForm>(&stored.body) {
            Ok(form) => {
                store.set_residence(&person_id, &view_of(&form)).await?;
                done += 1;
            }
            Err(err) => tracing::warn!(%person_id, "declaration body unreadable, no staff view: {err}"),
        }
    }
    Ok(done)
}
