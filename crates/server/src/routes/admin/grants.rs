//! Staff grants from the console: an admin makes an account a grid worker of some communities,
//! an official of a division, checkpoint staff, or a resident again. Admins themselves are made
//! only by the server CLI, never through the API.

use axum::extract::State;
use axum::Json;
use healthcode_core::admin::{GrantRequest, GrantView};
use healthcode_core::api::ErrorBody;
use healthcode_core::division::DivisionCode;
use healthcode_core::phone::MobileNumber;
use healthcode_core::staff::Role;
use healthcode_core::wire;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::AdminAccount;
use crate::error::AppError;
use crate::extract;
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(grant))
}

/// Gives the account of a phone (created if it has never logged in) a role and, for grid
/// workers and officials, its divisions; any earlier divisions are replaced. Audited.
#[utoipa::path(post, path = "/admin/staff", tag = "admin",
    request_body = GrantRequest,
    responses(
        (status = 200, description = "Granted", body = GrantView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not an admin account", body = ErrorBody),
        (status = 422, description = "Invalid: `field` names it (phone, role, divisions)", body = ErrorBody),
    ))]
async fn grant(
    State(state): State<AppState>,
    AdminAccount(admin): AdminAccount,
    extract::Json(request): extract::Json<GrantRequest>,
) -> Result<Json<GrantView>, AppError> {
    let phone = MobileNumber::parse("phone", &request.phone).map_err(AppError::Validation)?;
    if request.role == Role::Admin {
        return Err(AppError::validation(
            "role",
            "admin_by_cli",
            "管理员只能在服务器上用命令行创建",
            "Admins are made only with the server's command line",
        ));
    }
    let mut divisions = Vec::new();
    for (i, text) in request.divisions.iter().enumerate() {
        let field = format!("divisions[{i}]");
        let code = DivisionCode::parse(&field, text.trim()).map_err(AppError::Validation)?;
        if state.store.division_path(code.as_str()).await?.is_empty() {
            return Err(AppError::validation(
                &field,
                "unknown_division",
                format!("没有代码为 {code} 的区划"),
                format!("There is no division with the code {code}"),
            ));
        }
        divisions.push(code);
    }
    request
        .role
        .check_scopes(&divisions)
        .map_err(AppError::Validation)?;
    let now = state.clock.now().to_rfc3339();
    let codes: Vec<String> = divisions.into_iter().map(String::from).collect();
    let account = state
        .store
        .set_account_role(
            &state.pepper.hash("phone", phone.expose()),
            &phone.masked(),
            &wire::name(&request.role),
            &admin.id,
            &now,
        )
        .await?;
    state
        .store
        .set_staff_scopes(&account.id, &codes, &admin.id, &now)
        .await?;
    Ok(Json(GrantView {
        phone_masked: account.phone_masked,
        role: request.role,
        divisions: codes,
    }))
}
