//! Tabs across the persons of the account (本人 and each dependant), so a family's codes are
//! one tap apart. Shown only when there is more than one declared person.

use healthcode_core::family::{relation_text, Relation};
use leptos::prelude::*;

use crate::i18n::use_i18n;
use crate::session::use_session;

/// A tab row of links to `{base}/{person}`; the current one has `aria-current="page"`.
#[component]
pub fn PersonTabs(
    /// The person shown now.
    #[prop(into)]
    current: Signal<String>,
    /// The route the tabs lead to, e.g. `/code`.
    base: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let persons = move || {
        session
            .me()
            .map(|me| me.persons.into_iter().filter(|p| p.declared).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    move || {
        let persons = persons();
        (persons.len() > 1).then(|| {
            view! {
                <nav class="tabs" aria-label=move || i18n.f().persons_tabs>
                    {persons
                        .into_iter()
                        .map(|p| {
                            let id = p.id.clone();
                            let english = i18n.locale() == crate::i18n::Locale::En;
                            let relation = Relation::from_wire(&p.relation)
                                .map(|r| relation_text(r, p.relation_note.as_deref(), english))
                                .unwrap_or_default();
                            let name = p.name_masked.unwrap_or_default();
                            view! {
                                <a
                                    class="tabs__tab"
                                    href=format!("{base}/{}", p.id)
                                    aria-current=move || (current.get() == id).then_some("page")
                                >
                                    <span class="tabs__relation">{relation}</span>
                                    " "
                                    <span>{name}</span>
                                </a>
                            }
                        })
                        .collect_view()}
                </nav>
            }
        })
    }
}
