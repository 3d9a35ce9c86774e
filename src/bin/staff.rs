//! Entry point of the staff console (a bundle of its own, `staff/index.html`): mounts
//! [`healthcode_web::staff::StaffApp`] and nothing else.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(healthcode_web::staff::StaffApp);
}
