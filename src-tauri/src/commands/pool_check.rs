//! "Check pool settings": `gatehouse doctor` on the active profile, from the app. The admin's AWS
//! credentials come from the app's environment (aws-config's chain), as for the CLI. The report
//! holds no secret: the doctor reads a client secret only as "the client has one".

use gatehouse_doctor::{read_pool, Credentials, Expectations, Report, Secret, Target};
use tauri::State;

use crate::doctor::{self, PoolCheckError};
use crate::local_pool::local_settings;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn check_pool(state: State<'_, AppState>) -> Result<Report, PoolCheckError> {
    tracing::info!(command = "check_pool");
    let checked = match what_to_check(&state) {
        Ok((target, credentials, expected)) => read_pool(&target, &credentials)
            .await
            .map(|facts| gatehouse_doctor::diagnose(&facts, &expected))
            .map_err(|error| {
                tracing::warn!(%error, "pool check failed");
                PoolCheckError::from(&error)
            }),
        Err(error) => Err(error),
    };
    if let Ok(report) = &checked {
        tracing::info!(worst = ?report.worst(), findings = report.findings.len(), "pool checked");
    }
    state.outgoing().respond("check_pool", checked)
}

fn what_to_check(state: &AppState) -> Result<(Target, Credentials, Expectations), PoolCheckError> {
    if let Some(local) = state.local() {
        // The embedded pool has no IAM; any key pair is accepted on loopback.
        let credentials = Credentials::Static {
            access_key_id: "gatehouse-local".into(),
            secret_access_key: Secret::new("gatehouse-local"),
        };
        let target = Target {
            region: local.ids.region.clone(),
            user_pool_id: local.ids.user_pool_id.clone(),
            client_id: local.ids.client_id.clone(),
            endpoint: Some(local.pool.endpoint()),
        };
        let expected = local_settings(local)
            .map(|settings| doctor::expectations_of(&settings))
            .unwrap_or_else(|error| {
                tracing::warn!(
                    code = error.code,
                    "local pool undescribed; no form to compare"
                );
                Expectations::default()
            });
        return Ok((target, credentials, expected));
    }
    let profile = state
        .profiles()
        .profile(&state.active_name())
        .map_err(|error| {
            tracing::warn!(%error, "active profile unreadable");
            PoolCheckError::profile()
        })?;
    Ok((
        doctor::target(&profile),
        doctor::admin_credentials(None),
        doctor::expectations(&profile),
    ))
}
