//! Administrative subcommands of `healthcode-server`, run on the server machine (not exposed
//! through the public API):
//!
//! ```text
//! healthcode-server                                  serve (the default)
//! healthcode-server divisions add CODE NAME          add a division the dataset lacks (seed FAQ 1)
//! healthcode-server risk-areas set CODE medium|high [NOTE]
//! healthcode-server risk-areas remove CODE
//! healthcode-server risk-areas list
//! healthcode-server admin create --phone PHONE --role admin|checkpoint|resident
//! healthcode-server admin create --phone PHONE --role grid_worker --division CODE [--division CODE …]
//! healthcode-server admin create --phone PHONE --role official --division CODE
//! healthcode-server keys list                       the trust list (互通互认)
//! healthcode-server keys add-peer ISSUER KEY_ID PUBLIC_KEY_HEX [VALID_UNTIL_UNIX]
//! healthcode-server keys remove ISSUER KEY_ID
//! healthcode-server keys rotate                     new signing key; running servers switch to it
//! ```

use anyhow::{bail, Context};
use healthcode_core::division::{DivisionCode, DivisionLevel};

use healthcode_core::phone::MobileNumber;
use healthcode_core::staff::Role;
use healthcode_core::wire;

use crate::AppState;

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Serve,
    AddDivision {
        code: String,
        name: String,
    },
    SetRiskArea {
        code: String,
        level: String,
        note: Option<String>,
    },
    RemoveRiskArea {
        code: String,
    },
    ListRiskAreas,
    /// Gives the account of a phone a role (creating the account if needed).
    SetRole {
        phone: String,
        role: Role,
        /// The divisions of a grid worker (communities) or an official; empty for the others.
        divisions: Vec<String>,
    },
    ListKeys,
    /// Trusts a peer region's public key.
    AddPeerKey {
        issuer: String,
        key_id: String,
        public_key: String,
        valid_until: Option<i64>,
    },
    RemoveKey {
        issuer: String,
        key_id: String,
    },
    RotateKey,
}

pub const USAGE: &str =
    "usage: healthcode-server [divisions add CODE NAME | risk-areas set CODE medium|high [NOTE] | \
                         risk-areas remove CODE | risk-areas list | \
                         admin create --phone PHONE --role admin|checkpoint|resident | \
                         admin create --phone PHONE --role grid_worker|official --division CODE [--division CODE …] | \
                         keys list | keys add-peer ISSUER KEY_ID PUBLIC_KEY_HEX [VALID_UNTIL_UNIX] | \
                         keys remove ISSUER KEY_ID | keys rotate]";

fn division_code(text: &str) -> anyhow::Result<String> {
    DivisionCode::parse("CODE", text)
        .map(String::from)
        .map_err(|e| anyhow::anyhow!("{text:?}: {}", e.en))
}

/// The `--division CODE` pairs after a role: required for (and only for) the scoped roles, at
/// the level the role works at (a grid worker's communities, an official's one division).
fn staff_divisions(role: Role, rest: &[&str]) -> anyhow::Result<Vec<String>> {
    let mut codes = Vec::new();
    for pair in rest.chunks(2) {
        let ["--division", code] = pair else {
            bail!("{USAGE}");
        };
        codes.push(DivisionCode::parse("CODE", code).map_err(|e| anyhow::anyhow!("{code:?}: {}", e.en))?);
    }
    role.check_scopes(&codes)
        .map_err(|e| anyhow::anyhow!("{}", e.en))?;
    Ok(codes.into_iter().map(String::from).collect())
}

/// Parses the arguments after the program name.
pub fn parse(args: &[String]) -> anyhow::Result<Command> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    Ok(match args.as_slice() {
        [] | ["serve"] => Command::Serve,
        ["divisions", "add", code, name @ ..] if !name.is_empty() => Command::AddDivision {
            code: division_code(code)?,
            name: name.join(" "),
        },
        ["risk-areas", "set", code, level, note @ ..] => {
            if !matches!(*level, "medium" | "high") {
                bail!("the level is medium or high, not {level:?}");
            }
            Command::SetRiskArea {
                code: division_code(code)?,
                level: (*level).to_owned(),
                note: (!note.is_empty()).then(|| note.join(" ")),
            }
        }
        ["risk-areas", "remove", code] => Command::RemoveRiskArea {
            code: division_code(code)?,
        },
        ["risk-areas", "list"] => Command::ListRiskAreas,
        ["admin", "create", "--phone", phone, "--role", role, rest @ ..] => {
            let role = wire::parse::<Role>(role).ok_or_else(|| {
                anyhow::anyhow!(
                    "the role is admin, checkpoint, resident, grid_worker or official, not {role:?}"
                )
            })?;
            let phone =
                MobileNumber::parse("PHONE", phone).map_err(|e| anyhow::anyhow!("{phone:?}: {}", e.en))?;
            Command::SetRole {
                phone: phone.expose().to_owned(),
                role,
                divisions: staff_divisions(role, rest)?,
            }
        }
        ["keys", "list"] => Command::ListKeys,
        ["keys", "add-peer", issuer, key_id, public_key, rest @ ..] if rest.len() <= 1 => {
            if public_key.len() != 64 || !public_key.bytes().all(|b| b.is_ascii_hexdigit()) {
                bail!("the public key is 64 hex digits (an Ed25519 key), not {public_key:?}");
            }
            Command::AddPeerKey {
                issuer: division_code(issuer)?,
                key_id: (*key_id).to_owned(),
                public_key: public_key.to_ascii_lowercase(),
                valid_until: match rest.first() {
                    Some(t) => Some(t.parse().with_context(|| format!("{t:?} is not Unix seconds"))?),
                    None => None,
                },
            }
        }
        ["keys", "remove", issuer, key_id] => Command::RemoveKey {
            issuer: division_code(issuer)?,
            key_id: (*key_id).to_owned(),
        },
        ["keys", "rotate"] => Command::RotateKey,
        _ => bail!("{USAGE}"),
    })
}

/// Runs an administrative command against the server's data; prints what it did.
pub async fn run(command: Command, state: &AppState) -> anyhow::Result<()> {
    let store = state.store.as_ref();
    let now = &state.clock.now().to_rfc3339();
    match command {
        Command::Serve => unreachable!("serving is main's job"),
        Command::AddDivision { code, name } => {
            let parsed = DivisionCode::parse("CODE", &code).expect("parsed");
            if parsed.level() != DivisionLevel::Province {
                let parent = parsed.parent().expect("not a province");
                if store.division_path(parent.as_str()).await?.is_empty() {
                    bail!("the parent division {parent} does not exist; add it first");
                }
            }
            if store.add_division(&code, &name, now).await? {
                println!("added division {code} {name}");
            } else {
                bail!("division {code} exists already");
            }
        }
        Command::SetRiskArea { code, level, note } => {
            if store.division_path(&code).await?.is_empty() {
                bail!("division {code} does not exist");
            }
            store
                .set_risk_area(&code, &level, note.as_deref(), now)
                .await
                .context("cannot update the risk-area list")?;
            println!("risk area {code}: {level} (applies to declarations reviewed from now on)");
        }
        Command::RemoveRiskArea { code } => {
            if store.remove_risk_area(&code).await? {
                println!("risk area {code} removed");
            } else {
                bail!("{code} is not on the risk-area list");
            }
        }
        Command::SetRole {
            phone,
            role,
            divisions,
        } => {
            let phone = MobileNumber::parse("PHONE", &phone).map_err(|e| anyhow::anyhow!("{}", e.en))?;
            for code in &divisions {
                if store.division_path(code).await?.is_empty() {
                    bail!("{code} is not a known division (add it first with `divisions add`)");
                }
            }
            let role_name = wire::name(&role);
            let account = store
                .set_account_role(
                    &state.pepper.hash("phone", phone.expose()),
                    &phone.masked(),
                    &role_name,
                    "cli",
                    now,
                )
                .await?;
            // A scoped role gets its divisions; any other role loses the ones it had.
            if role.is_scoped() || !store.staff_scopes(&account.id).await?.is_empty() {
                store
                    .set_staff_scopes(&account.id, &divisions, "cli", now)
                    .await?;
            }
            let scope = if divisions.is_empty() {
                String::new()
            } else {
                format!(" for {}", divisions.join(", "))
            };
            println!(
                "account {} ({}) has the role {role_name}{scope}",
                account.id, account.phone_masked
            );
        }
        Command::ListKeys => {
            for k in store.trust_list().await?.keys {
                let until = k.valid_until.map_or("-".to_owned(), |t| t.to_string());
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    k.issuer, k.key_id, k.valid_from, until, k.public_key
                );
            }
        }
        Command::AddPeerKey {
            issuer,
            key_id,
            public_key,
            valid_until,
        } => {
            if *issuer == state.signing.issuer() {
                bail!("{issuer} is this server's own region; its keys come from keys rotate");
            }
            let key = healthcode_core::token::TrustedKey {
                issuer: issuer.clone(),
                key_id: key_id.clone(),
                public_key,
                valid_from: 0,
                valid_until,
            };
            store.add_peer_key(&key, now).await?;
            println!("trusting {issuer}/{key_id} (checkpoints pick it up with their next trust-list fetch)");
        }
        Command::RemoveKey { issuer, key_id } => {
            if !store.remove_key(&issuer, &key_id).await? {
                bail!("{issuer}/{key_id} is not on the trust list");
            }
            println!("{issuer}/{key_id} removed: its codes no longer verify");
        }
        Command::RotateKey => {
            let (old, new) = crate::keys::SigningIdentity::rotate(&state.data_dir, &state.signing.issuer())?;
            // The new key is listed first; running servers switch to it within seconds. The old
            // one verifies what it signed until then (and a grace period) until that expires.
            let key = healthcode_core::token::TrustedKey {
                issuer: new.issuer.clone(),
                key_id: new.key_id.clone(),
                public_key: new.public_key_hex(),
                valid_from: 0,
                valid_until: None,
            };
            store.ensure_own_key(&key, now).await?;
            let end = state.clock.now().timestamp() + crate::keys::ROTATION_GRACE_SECS;
            store.retire_key(&new.issuer, &old, end).await?;
            println!(
                "signing key {} replaces {old}: running servers switch within {} s; {old} verifies what it signed until {} s from now",
                new.key_id,
                crate::keys::RELOAD_EVERY_SECS,
                crate::keys::ROTATION_GRACE_SECS
            );
        }
        Command::ListRiskAreas => {
            for (code, name, level) in store.risk_areas().await? {
                println!("{code}\t{name}\t{level}");
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn admin_create_takes_a_valid_phone_and_a_known_role() {
        assert_eq!(
            parse(&args("admin create --phone 139-0000-1111 --role admin")).unwrap(),
            Command::SetRole {
                phone: "13900001111".into(),
                role: Role::Admin,
                divisions: vec![],
            }
        );
        assert!(parse(&args("admin create --phone 139 --role admin")).is_err());
        assert!(parse(&args("admin create --phone 13900001111 --role root")).is_err());
    }

    #[test]
    fn scoped_roles_need_divisions_at_their_level() {
        assert_eq!(
            parse(&args(
                "admin create --phone 13900001111 --role grid_worker --division 420602001001 --division 420602001002"
            ))
            .unwrap(),
            Command::SetRole {
                phone: "13900001111".into(),
                role: Role::GridWorker,
                divisions: vec!["420602001001".into(), "420602001002".into()],
            }
        );
        assert_eq!(
            parse(&args(
                "admin create --phone 13900001111 --role official --division 420602"
            ))
            .unwrap(),
            Command::SetRole {
                phone: "13900001111".into(),
                role: Role::Official,
                divisions: vec!["420602".into()],
            }
        );
        for bad in [
            "admin create --phone 13900001111 --role grid_worker",
            "admin create --phone 13900001111 --role grid_worker --division 420602",
            "admin create --phone 13900001111 --role official --division 420602001001",
            "admin create --phone 13900001111 --role official --division 420602 --division 420606",
            "admin create --phone 13900001111 --role admin --division 420602",
            "admin create --phone 13900001111 --role official --division",
        ] {
            assert!(parse(&args(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn parses_each_subcommand() {
        assert_eq!(parse(&[]).unwrap(), Command::Serve);
        assert_eq!(
            parse(&args("divisions add 420606100 东津新区 街道")).unwrap(),
            Command::AddDivision {
                code: "420606100".into(),
                name: "东津新区 街道".into()
            }
        );
        assert_eq!(
            parse(&args("risk-areas set 4206 high 通报")).unwrap(),
            Command::SetRiskArea {
                code: "4206".into(),
                level: "high".into(),
                note: Some("通报".into())
            }
        );
        assert_eq!(parse(&args("risk-areas list")).unwrap(), Command::ListRiskAreas);
    }

    #[test]
    fn key_commands_take_a_region_code_and_a_64_digit_key() {
        let key = "AB".repeat(32);
        assert_eq!(
            parse(&args(&format!("keys add-peer 14 k1 {key} 1900000000"))).unwrap(),
            Command::AddPeerKey {
                issuer: "14".into(),
                key_id: "k1".into(),
                public_key: key.to_ascii_lowercase(),
                valid_until: Some(1_900_000_000)
            }
        );
        assert!(parse(&args("keys add-peer 14 k1 abcd")).is_err());
        assert!(parse(&args(&format!("keys add-peer shanxi k1 {key}"))).is_err());
        assert!(parse(&args(&format!("keys add-peer 14 k1 {key} soon"))).is_err());
        assert_eq!(parse(&args("keys rotate")).unwrap(), Command::RotateKey);
        assert_eq!(parse(&args("keys list")).unwrap(), Command::ListKeys);
        assert_eq!(
            parse(&args("admin create --phone 13900001111 --role checkpoint")).unwrap(),
            Command::SetRole {
                phone: "13900001111".into(),
                role: Role::Checkpoint,
                divisions: vec![],
            }
        );
    }

    #[test]
    fn refuses_bad_codes_levels_and_unknown_commands() {
        assert!(parse(&args("divisions add 42x 名")).is_err());
        assert!(parse(&args("divisions add 4206")).is_err());
        assert!(parse(&args("risk-areas set 4206 low")).is_err());
        assert!(parse(&args("drop tables"))
            .unwrap_err()
            .to_string()
            .contains("usage"));
    }
}
