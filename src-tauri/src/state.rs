//! What the window holds between commands: the open environment (and with it its database).

use tokio::sync::RwLock;

#[derive(Default)]
pub struct AppState {
    pub session: RwLock<Option<Session>>,
}

pub struct Session {
    pub name: String,
}
