//! Family: how a dependant (家属) relates to the applicant who declares for them.

use serde::{Deserialize, Serialize};

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
}
