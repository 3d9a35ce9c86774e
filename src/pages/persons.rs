//! The logged-in home: the persons this account acts for, each with the state of their code.

use healthcode_core::api::{Me, PersonSummary};
use healthcode_core::colour::{CodeStatus, Colour};
use healthcode_core::family::Relation;
use leptos::prelude::*;

use crate::i18n::{use_i18n, Locale};

/// The persons list.
#[component]
pub fn Persons(
    /// The account and its persons, from `GET /me`.
    me: Me,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let phone = me.account.phone_masked.clone();
    view! {
        <section class="card persons" aria-labelledby="persons-title">
            <h1 id="persons-title">{move || t().persons_title}</h1>
            <p class="persons__account">{move || t().account_label} " " {phone}</p>
            <ul class="persons__list">
                {me.persons.into_iter().map(|p| view! { <PersonRow person=p /> }).collect_view()}
            </ul>
            <a class="button button--secondary" href="/family/new">{move || i18n.f().add_family}</a>
            <a class="button button--secondary" href="/print">{move || i18n.f().print}</a>
        </section>
    }
}

fn relation_name(relation: &str, note: Option<&str>, locale: Locale) -> String {
    match Relation::from_wire(relation) {
        Some(r) => healthcode_core::family::relation_text(r, note, locale == Locale::En),
        None => relation.to_owned(),
    }
}

/// One person: relation, masked name and the state of their code in words (never colour alone).
#[component]
fn PersonRow(
    /// The person, as `GET /me` lists them.
    person: PersonSummary,
) -> impl IntoView {
    let i18n = use_i18n();
    let PersonSummary {
        id,
        relation,
        relation_note,
        name_masked,
        declared,
        status,
        colour,
    } = person;
    let state = move || {
        let t = i18n.t();
        let locale = i18n.locale();
        match (declared, status, colour) {
            (false, _, _) => (t.not_declared.to_owned(), "none"),
            (_, Some(CodeStatus::Pending), _) | (_, _, None) => (t.status_pending.to_owned(), "pending"),
            (_, _, Some(c)) => {
                let word = match locale {
                    Locale::ZhCn => c.word_zh(),
                    Locale::En => c.word_en(),
                };
                let class = match c {
                    Colour::Green => "green",
                    Colour::Yellow => "yellow",
                    Colour::Red => "red",
                };
                (word.to_owned(), class)
            }
        }
    };
    let relation_text = {
        let relation = relation.clone();
        move || relation_name(&relation, relation_note.as_deref(), i18n.locale())
    };
    let code_href = format!("/code/{id}");
    let declare_href = format!("/declare/{id}/identity");
    let checkin_href = format!("/checkin/{id}");
    let history_href = format!("/history/{id}");
    let family_href = (relation != "self").then(|| format!("/family/{id}"));
    view! {
        <li class="person">
            <span class="person__relation">{relation_text}</span>
            <span class="person__name">{name_masked.unwrap_or_default()}</span>
            <span class="person__state" data-state=move || state().1>{move || state().0}</span>
            <div class="person__actions">
                {if declared {
                    view! {
                        <a class="button button--primary" href=code_href>{move || i18n.t().show_code}</a>
                        <a class="button button--secondary" href=declare_href>{move || i18n.t().edit_declaration}</a>
                        <a class="button button--secondary" href=checkin_href>{move || i18n.t().check_in}</a>
                        <a class="button button--secondary" href=history_href>{move || i18n.t().history}</a>
                    }
                    .into_any()
                } else {
                    view! { <a class="button button--primary" href=declare_href>{move || i18n.t().declare_now}</a> }
                        .into_any()
                }}
                {family_href.map(|href| view! {
                    <a class="button button--secondary" href=href>{move || i18n.f().edit_relation}</a>
                })}
            </div>
        </li>
    }
}
