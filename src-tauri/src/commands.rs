//! Tauri commands. Each one: parse, call one `ivr_app` function, return its answer or error.

use crate::bindings::{CommandSig, Exporter};
use crate::state::AppState;
use ivr_domain::Error;
use tauri::State;
use ts_rs::{Config, TypeVisitor, TS};

/// Declares the commands once: emits each `#[tauri::command]`, the invoke handler, and the
/// signature table the TypeScript generator reads, so a command's types are written only here.
macro_rules! commands {
    ($(
        $(#[doc = $doc:literal])*
        fn $name:ident($state:ident $(, $arg:ident : $argty:ty)?) -> $ret:ty $body:block
    )*) => {
        $(
            $(#[doc = $doc])*
            #[tauri::command]
            pub async fn $name($state: State<'_, AppState> $(, $arg: $argty)?) -> Result<$ret, Error> $body
        )*

        pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }

        pub fn signatures(cfg: &Config, ex: &mut Exporter<'_>) -> Vec<CommandSig> {
            vec![$({
                $( ex.visit::<$argty>(); )?
                ex.visit::<$ret>();
                CommandSig {
                    name: stringify!($name),
                    doc: concat!($($doc, "\n",)* ""),
                    arg: None $( .or(Some((stringify!($arg), <$argty as TS>::name(cfg)))) )?,
                    ret: <$ret as TS>::name(cfg),
                }
            }),*]
        }
    };
}

commands! {
    /// Called by the UI once its first screen is drawn; prints the start-up time for the benchmark.
    fn app_ready(state) -> () {
        let _ = &state;
        if std::env::var_os("IVR_STUDIO_BENCH").is_some() {
            if let Some(t) = crate::STARTED.get() {
                println!("first-screen-ms={}", t.elapsed().as_millis());
            }
        }
        Ok(())
    }
}
