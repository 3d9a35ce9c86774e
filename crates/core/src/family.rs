//! Family: how a dependant (家属) relates to the applicant who declares for them.

use serde::{Deserialize, Serialize};

use crate::error::FieldError;

/// The dependant's relation to the applicant (the dependant is the applicant's …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The account's own person (本人).
    #[serde(rename = "self")]
    Own,
    Mother,
    Father,
    Spouse,
    Child,
    Grandparent,
    MaternalGrandparent,
    Other,
}

impl Relation {
    /// The wire name (`mother`, …).
    pub fn wire(self) -> &'static str {
        match self {
            Relation::Own => "self",
            Relation::Mother => "mother",
            Relation::Father => "father",
            Relation::Spouse => "spouse",
            Relation::Child => "child",
            Relation::Grandparent => "grandparent",
            Relation::MaternalGrandparent => "maternal_grandparent",
            Relation::Other => "other",
        }
    }

    /// Every relation, the account's own person first.
    pub const ALL: [Relation; 8] = [
        Relation::Own,
        Relation::Mother,
        Relation::Father,
        Relation::Spouse,
        Relation::Child,
        Relation::Grandparent,
        Relation::MaternalGrandparent,
        Relation::Other,
    ];

    pub fn from_wire(name: &str) -> Option<Self> {
        Relation::ALL.into_iter().find(|r| r.wire() == name)
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Relation::Own => "本人",
            Relation::Mother => "母亲",
            Relation::Father => "父亲",
            Relation::Spouse => "配偶",
            Relation::Child => "子女",
            Relation::Grandparent => "祖父母",
            Relation::MaternalGrandparent => "外祖父母",
            Relation::Other => "其他",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Relation::Own => "Self",
            Relation::Mother => "Mother",
            Relation::Father => "Father",
            Relation::Spouse => "Spouse",
            Relation::Child => "Child",
            Relation::Grandparent => "Grandparent",
            Relation::MaternalGrandparent => "Maternal grandparent",
            Relation::Other => "Other",
        }
    }
}

/// The longest free-text relation (其他 → e.g. 舅舅).
pub const MAX_NOTE_CHARS: usize = 20;
/// Dependants one account may declare for (Xi'an 亲属码 practice).
pub const MAX_DEPENDANTS_PER_ACCOUNT: usize = 8;
/// Residents a grid worker may register for (社区代登记: people without a phone, who then hold a
/// paper code); the family cap does not fit a community.
pub const MAX_ASSISTED_PER_GRID_WORKER: usize = 500;
/// Accounts that may declare for one dependant.
pub const MAX_ACCOUNTS_PER_DEPENDANT: usize = 3;

/// `POST /api/v1/persons` and `PUT /api/v1/persons/{id}`: a dependant and how they relate to
/// the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DependantRequest {
    pub relation: Relation,
    /// Required for `other` (e.g. 舅舅), at most 20 characters; ignored otherwise.
    #[serde(default)]
    pub relation_note: Option<String>,
    /// The guardian consents to declaring a child under 14 (PIPL art. 31).
    #[serde(default)]
    pub guardian_consent: bool,
}

impl DependantRequest {
    /// The request with a trimmed note (kept only for `other`), or the fields in error.
    pub fn validate(&self) -> Result<DependantRequest, Vec<FieldError>> {
        if self.relation == Relation::Own {
            return Err(vec![FieldError::new(
                "relation",
                "invalid",
                "请选择家属与您的关系",
                "Choose how the family member is related to you",
            )]);
        }
        let note = self
            .relation_note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty());
        let note = match (self.relation, note) {
            (Relation::Other, None) => {
                return Err(vec![FieldError::new(
                    "relation_note",
                    "required",
                    "选择“其他”时请填写具体关系",
                    "With “Other”, say how you are related",
                )])
            }
            (Relation::Other, Some(n)) if n.chars().count() > MAX_NOTE_CHARS => {
                return Err(vec![FieldError::new(
                    "relation_note",
                    "too_long",
                    format!("关系最多 {MAX_NOTE_CHARS} 个字"),
                    format!("At most {MAX_NOTE_CHARS} characters"),
                )])
            }
            (Relation::Other, Some(n)) => Some(n.to_owned()),
            _ => None,
        };
        Ok(DependantRequest {
            relation: self.relation,
            relation_note: note,
            guardian_consent: self.guardian_consent,
        })
    }
}

/// How a relation reads on a code or card: the note for 其他, else the relation's name.
pub fn relation_text(relation: Relation, note: Option<&str>, english: bool) -> String {
    match (relation, note) {
        (Relation::Other, Some(note)) => note.to_owned(),
        (r, _) if english => r.name_en().to_owned(),
        (r, _) => r.name_zh().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_round_trip_and_match_serde() {
        for name in [
            "self",
            "mother",
            "father",
            "spouse",
            "child",
            "grandparent",
            "maternal_grandparent",
            "other",
        ] {
            let relation = Relation::from_wire(name).unwrap();
            assert_eq!(relation.wire(), name);
            assert_eq!(serde_json::to_string(&relation).unwrap(), format!("\"{name}\""));
        }
        assert_eq!(Relation::from_wire("cousin"), None);
    }

    fn request(relation: Relation, note: Option<&str>) -> DependantRequest {
        DependantRequest {
            relation,
            relation_note: note.map(str::to_owned),
            guardian_consent: false,
        }
    }

    #[test]
    fn other_needs_a_short_note_and_the_others_drop_it() {
        let field = |r: Result<DependantRequest, Vec<FieldError>>| r.unwrap_err()[0].field.clone();
        assert_eq!(field(request(Relation::Other, None).validate()), "relation_note");
        assert_eq!(
            field(request(Relation::Other, Some("  ")).validate()),
            "relation_note"
        );
        let long = "舅".repeat(MAX_NOTE_CHARS + 1);
        assert_eq!(
            field(request(Relation::Other, Some(&long)).validate()),
            "relation_note"
        );
        let uncle = request(Relation::Other, Some(" 舅舅 ")).validate().unwrap();
        assert_eq!(uncle.relation_note.as_deref(), Some("舅舅"));
        assert_eq!(
            relation_text(uncle.relation, uncle.relation_note.as_deref(), false),
            "舅舅"
        );
        let mother = request(Relation::Mother, Some("妈")).validate().unwrap();
        assert_eq!(mother.relation_note, None);
        assert_eq!(relation_text(Relation::Mother, None, false), "母亲");
    }

    #[test]
    fn a_dependant_cannot_be_the_account_itself() {
        assert_eq!(
            request(Relation::Own, None).validate().unwrap_err()[0].field,
            "relation"
        );
    }
}
