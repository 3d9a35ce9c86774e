//! Who is using the console: the answer of `GET /staff/me`, shared by every page, and the way
//! to the login page when there is no session.

use healthcode_core::staff::StaffMe;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};

use crate::api::{self, ApiError};
use crate::i18n::use_i18n;

/// The staff account as the console knows it.
#[derive(Clone, Copy)]
pub struct StaffAccess {
    pub me: LocalResource<Result<StaffMe, ApiError>>,
}

/// The current [`StaffAccess`]; panics outside [`AccessProvider`].
pub fn use_access() -> StaffAccess {
    expect_context::<StaffAccess>()
}

/// Loads the staff account once and provides it.
#[component]
pub fn AccessProvider(
    /// The routed console.
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let me = LocalResource::new(move || super::api::me(i18n.locale_untracked()));
    provide_context(StaffAccess { me });
    children()
}

/// Sends a caller without a session (a 401) to the staff login, which brings them back here.
pub fn use_login_redirect() -> Callback<ApiError> {
    let navigate = use_navigate();
    let location = use_location();
    Callback::new(move |err: ApiError| {
        if err.status() == Some(401) {
            let here = location.pathname.get_untracked();
            let next = String::from(js_sys::encode_uri_component(&here));
            navigate(&format!("/staff/login?next={next}"), Default::default());
        }
    })
}

/// An error as a page shows it (the server's message, in the UI language).
#[component]
pub fn ErrorNote(
    /// What failed.
    error: ApiError,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = match error.status() {
        Some(403) => i18n.st().not_staff.to_owned(),
        _ => error.message(i18n.t()),
    };
    view! {
        <div class="field__error" role="alert">
            <p>{text}</p>
            {(error.status() == Some(403)).then(|| view! { <a href="/" rel="external">{i18n.st().to_resident_app}</a> })}
        </div>
    }
}

/// The header's account part: role and masked phone, and 退出登录.
#[component]
pub fn StaffBar() -> impl IntoView {
    let i18n = use_i18n();
    let access = use_access();
    let navigate = use_navigate();
    let log_out = Action::new_local(move |_: &()| api::log_out(i18n.locale_untracked()));
    Effect::new(move |_| {
        if log_out.value().get().is_some() {
            access.me.refetch();
            navigate("/staff/login", Default::default());
        }
    });
    move || {
        let me = access.me.get().and_then(Result::ok)?;
        let role = me.role;
        let phone = me.phone_masked.clone();
        Some(view! {
            <span class="staff-header__who">
                {move || (i18n.st().signed_in_as)(i18n.locale().pick(role.name_zh(), role.name_en()), &phone)}
            </span>
            <button
                type="button"
                class="header-button"
                on:click=move |_| {
                    log_out.dispatch(());
                }
                disabled=move || log_out.pending().get()
            >
                {move || i18n.t().log_out}
            </button>
        })
    }
}

/// A staff read as a page shows it: 加载中 until it answers, then `render` of the value, or the
/// error (and the way to the login page for a 401).
pub fn loaded<T, V>(
    resource: LocalResource<Result<T, ApiError>>,
    render: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    let redirect = use_login_redirect();
    view! {
        <Transition fallback=move || view! { <p class="loading" role="status">{i18n.t().loading}</p> }>
            {move || {
                let render = render.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(value) => render(value).into_any(),
                        Err(err) => {
                            redirect.run(err.clone());
                            view! { <ErrorNote error=err /> }.into_any()
                        }
                    }
                })
            }}
        </Transition>
    }
}
