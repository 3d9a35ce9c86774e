//! Administrative subcommands of `healthcode-server`, run on the server machine (not exposed
//! through the public API):
//!
//! ```text
//! healthcode-server                                  serve (the default)
//! healthcode-server divisions add CODE NAME          add a division the dataset lacks (seed FAQ 1)
//! healthcode-server risk-areas set CODE medium|high [NOTE]
//! healthcode-server risk-areas remove CODE
//! healthcode-server risk-areas list
//! healthcode-server admin create --phone PHONE --role admin|resident
//! ```

use anyhow::{bail, Context};
use healthcode_core::division::{DivisionCode, DivisionLevel};

use healthcode_core::phone::MobileNumber;

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
        role: String,
    },
}

pub const USAGE: &str =
    "usage: healthcode-server [divisions add CODE NAME | risk-areas set CODE medium|high [NOTE] | \
                         risk-areas remove CODE | risk-areas list | \
                         admin create --phone PHONE --role admin|resident]";

fn division_code(text: &str) -> anyhow::Result<String> {
    DivisionCode::parse("CODE", text)
        .map(String::from)
        .map_err(|e| anyhow::anyhow!("{text:?}: {}", e.en))
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
        ["admin", "create", "--phone", phone, "--role", role] => {
            if !matches!(*role, "admin" | "resident") {
                bail!("the role is admin or resident, not {role:?}");
            }
            let phone =
                MobileNumber::parse("PHONE", phone).map_err(|e| anyhow::anyhow!("{phone:?}: {}", e.en))?;
            Command::SetRole {
                phone: phone.expose().to_owned(),
                role: (*role).to_owned(),
            }
        }
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
        Command::SetRole { phone, role } => {
            let phone = MobileNumber::parse("PHONE", &phone).map_err(|e| anyhow::anyhow!("{}", e.en))?;
            let account = store
                .set_account_role(
                    &state.pepper.hash("phone", phone.expose()),
                    &phone.masked(),
                    &role,
                    now,
                )
                .await?;
            println!(
                "account {} ({}) has the role {role}",
                account.id, account.phone_masked
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
                role: "admin".into()
            }
        );
        assert!(parse(&args("admin create --phone 139 --role admin")).is_err());
        assert!(parse(&args("admin create --phone 13900001111 --role root")).is_err());
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
