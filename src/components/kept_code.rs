//! The last code kept on the device, shown when the network or the server fails: a banner
//! 离线 · 最后同步 hh:mm and the offline token's QR while it is valid by server-anchored time;
//! once it has run out, no QR and no colour, only what to do.

use leptos::prelude::*;

use crate::clock::{clock_text, device_now_ms, ServerAnchor};
use crate::components::code_card::CodeCard;
use crate::i18n::use_i18n;
use crate::offline::{CachedCode, Usable};

/// What the page shows while it cannot fetch a code.
#[component]
pub fn KeptCode(
    /// The kept code, if there is one.
    kept: Option<CachedCode>,
    /// Why there is no fresh code (busy server or no answer) and when the next try is.
    #[prop(into)]
    status: Signal<String>,
    /// Ticks every second (the clock, the countdown and expiry follow it).
    tick: ReadSignal<u64>,
    /// The person, for the card's links.
    #[prop(into)]
    person: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let o = move || i18n.o();
    let banner = move || view! { <p class="offline-banner__status">{status}</p> };
    let Some(kept) = kept else {
        return view! {
            <section class="card offline-banner" role="status">
                {banner}
                <p>{move || o().nothing_kept}</p>
                <p class="note">{move || o().paper_route}</p>
            </section>
        }
        .into_any();
    };
    let synced = clock_text(kept.synced_at());
    let synced = synced[..5].to_owned();
    let usable = Memo::new({
        let kept = kept.clone();
        move |_| {
            tick.track();
            kept.usable(device_now_ms())
        }
    });
    let anchor = ServerAnchor::from_pair(kept.server_ms, kept.device_ms);
    view! {
        <section class="offline-banner" role="status" aria-live="polite">
            <p class="offline-banner__synced"><strong>{move || (o().synced)(&synced)}</strong></p>
            {banner}
        </section>
        {move || match usable.get() {
            Usable::Yes => view! {
                <p class="note">{move || o().offline_note}</p>
                <CodeCard code=kept.view.clone() anchor=anchor tick=tick person=person.clone() />
            }
            .into_any(),
            Usable::Expired => view! {
                <section class="code code--expired" aria-labelledby="code-word">
                    <div class="code__band">
                        <h1 id="code-word" class="code__word">{move || o().expired_title}</h1>
                    </div>
                    <p>{move || o().expired_body}</p>
                    <p class="note">{move || o().paper_route}</p>
                </section>
            }
            .into_any(),
        }}
    }
    .into_any()
}
