//! `/print[?person=ID]`: printed codes (纸质码) for those without a phone. Choose the persons,
//! 生成纸质码 issues a paper token for each, the cards appear four to an A4 page (the print
//! stylesheet hides everything else), and 打印 opens the browser's print dialog. Below, the
//! cards printed before, each with 挂失.

use healthcode_core::api::{PaperCode, PersonSummary};
use healthcode_core::family::{relation_text, Relation};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{self, ApiError};
use crate::clock::full_date_time_text;
use crate::components::paper_card::PaperCard;
use crate::i18n::{use_i18n, Locale};
use crate::session::use_session;

fn person_label(p: &PersonSummary, locale: Locale) -> String {
    let relation = Relation::from_wire(&p.relation)
        .map(|r| relation_text(r, p.relation_note.as_deref(), locale == Locale::En))
        .unwrap_or_default();
    format!("{relation} {}", p.name_masked.clone().unwrap_or_default())
}

/// The print page.
#[component]
pub fn PrintPage() -> impl IntoView {
    let i18n = use_i18n();
    let f = move || i18n.f();
    let session = use_session();
    let to_login = crate::session::use_login_guard();
    let query = use_query_map();
    let declared = move || {
        session
            .me()
            .map(|me| me.persons.into_iter().filter(|p| p.declared).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    let chosen = RwSignal::new(Vec::<String>::new());
    // The person the page was opened for starts ticked.
    Effect::new(move |_| {
        if let Some(id) = query.read().get("person") {
            chosen.update(|c| {
                if !c.contains(&id) {
                    c.push(id)
                }
            });
        }
    });
    let failure = RwSignal::new(None::<String>);
    let refresh_issued = RwSignal::new(0u32);
    let make = Action::new_local(move |ids: &Vec<String>| {
        let ids = ids.clone();
        async move {
            let mut cards = Vec::new();
            for id in ids {
                cards.push(api::issue_paper_code(&id, i18n.locale_untracked()).await?);
            }
            Ok::<_, ApiError>(cards)
        }
    });
    let cards = RwSignal::new(Vec::<PaperCode>::new());
    Effect::new(move |_| match make.value().get() {
        Some(Ok(made)) => {
            cards.set(made);
            refresh_issued.update(|n| *n += 1);
        }
        Some(Err(err)) if err.status() == Some(401) => to_login.run(()),
        Some(Err(err)) => failure.set(Some(err.message(i18n.t()))),
        None => {}
    });
    let on_make = move |_| {
        failure.set(None);
        let ids = chosen.get_untracked();
        if ids.is_empty() {
            return failure.set(Some(f().print_none.to_owned()));
        }
        if !make.pending().get_untracked() {
            make.dispatch(ids);
        }
    };

    view! {
        <section class="card no-print" aria-labelledby="print-title">
            <h1 id="print-title">{move || f().print_title}</h1>
            <p class="note note--muted">{move || f().print_lead}</p>
            <fieldset class="field choices">
                <legend>{move || f().print_choose}</legend>
                {move || declared().into_iter().map(|p| {
                    let id = p.id.clone();
                    let toggle = id.clone();
                    let dom_id = format!("print-{id}");
                    let label_for = dom_id.clone();
                    view! {
                        <label class="check" for=label_for>
                            <input
                                type="checkbox"
                                id=dom_id
                                prop:checked=move || chosen.with(|c| c.contains(&id))
                                on:change=move |_| chosen.update(|c| {
                                    match c.iter().position(|x| *x == toggle) {
                                        Some(i) => { c.remove(i); }
                                        None => c.push(toggle.clone()),
                                    }
                                })
                            />
                            <span>{person_label(&p, i18n.locale())}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <p class="field__error" role="alert">{move || failure.get()}</p>
            <button type="button" class="button button--primary" on:click=on_make disabled=move || make.pending().get()>
                {move || if make.pending().get() { f().print_making } else { f().print_make }}
            </button>
        </section>
        <Show when=move || cards.with(|c| !c.is_empty())>
            <button type="button" class="button button--primary no-print" on:click=|_| { let _ = window().print(); }>
                {move || f().print_now}
            </button>
        </Show>
        <div class="sheet">
            {move || cards.get().chunks(4).map(|page| view! {
                <div class="sheet__page">
                    {page.iter().cloned().map(|card| view! { <PaperCard card=card /> }).collect_view()}
                </div>
            }).collect_view()}
        </div>
        <section class="card no-print" aria-labelledby="issued-title">
            <h2 id="issued-title">{move || f().issued_title}</h2>
            {move || declared().into_iter().map(|p| view! { <IssuedCards person=p refresh=refresh_issued /> }).collect_view()}
        </section>
    }
}

/// The cards printed for one person, newest first, each with 挂失.
#[component]
fn IssuedCards(
    /// The person.
    person: PersonSummary,
    /// Bumped when new cards were issued.
    refresh: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let f = move || i18n.f();
    let id = person.id.clone();
    let list = LocalResource::new({
        let id = id.clone();
        move || {
            refresh.track();
            let id = id.clone();
            async move { api::paper_codes(&id, i18n.locale_untracked()).await }
        }
    });
    let lost = Action::new_local({
        let id = id.clone();
        move |card: &String| {
            let (id, card) = (id.clone(), card.clone());
            async move { api::report_lost(&id, &card, i18n.locale_untracked()).await }
        }
    });
    Effect::new(move |_| {
        if lost.value().get().is_some() {
            list.refetch();
        }
    });
    let label = person_label(&person, i18n.locale_untracked());
    view! {
        <h3>{label}</h3>
        <Transition fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(cards) if cards.is_empty() => view! { <p class="note note--muted">{f().issued_none}</p> }.into_any(),
                    Ok(cards) => view! {
                        <ul class="issued">
                            {cards.into_iter().map(|c| {
                                let card_id = c.id.clone();
                                view! {
                                    <li class="issued__card">
                                        <span>{(f().card_printed)(&full_date_time_text(&c.issued_at))}</span>
                                        {match c.revoked_at {
                                            Some(at) => view! { <span class="issued__lost">{(f().reported_lost)(&full_date_time_text(&at))}</span> }.into_any(),
                                            None => view! {
                                                <button type="button" class="button button--secondary"
                                                    on:click=move |_| { lost.dispatch(card_id.clone()); }
                                                    disabled=move || lost.pending().get()>
                                                    {f().report_lost}
                                                </button>
                                            }.into_any(),
                                        }}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(err) => view! { <p class="field__error" role="alert">{err.message(i18n.t())}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}
