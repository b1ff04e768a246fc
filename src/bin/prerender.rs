//! `prerender`: writes the planner page, rendered for the default selection, into a built
//! `index.html`, so that the page shows its content before the WebAssembly has loaded; the
//! app then hydrates it. The build runs it (scripts/post-build) on trunk's staged page:
//!
//! ```text
//! prerender dist/index.html
//! ```
//!
//! The page must hold the app's element, empty: `<div id="app"></div>`.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use std::process::ExitCode;

    let mut args = std::env::args_os().skip(1);
    let (Some(path), None) = (args.next(), args.next()) else {
        eprintln!("usage: prerender INDEX_HTML");
        return ExitCode::from(2);
    };
    let path = std::path::PathBuf::from(path);
    let page = match std::fs::read_to_string(&path) {
        Ok(page) => page,
        Err(e) => {
            eprintln!("prerender: cannot read {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    };
    let rendered = match tokio::runtime::Builder::new_current_thread().build() {
        Ok(runtime) => runtime.block_on(render()),
        Err(e) => {
            eprintln!("prerender: cannot start a runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let written = match ssm_policy_planner::prerender::insert(&page, &rendered) {
        Ok(written) => written,
        Err(e) => {
            eprintln!("prerender: {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = std::fs::write(&path, written) {
        eprintln!("prerender: cannot write {}: {e}", path.display());
        return ExitCode::FAILURE;
    }
    println!(
        "prerender: wrote the rendered page ({} bytes) into {}",
        rendered.len(),
        path.display()
    );
    ExitCode::SUCCESS
}

/// The page as the app's first render draws it when it hydrates.
#[cfg(not(target_arch = "wasm32"))]
async fn render() -> String {
    use ssm_policy_planner::components::app::{App, AppProps};
    use ssm_policy_planner::input::Selection;

    let props = AppProps {
        initial: Some(Selection::default()),
        prerendered: true,
    };
    let rendered = yew::LocalServerRenderer::<App>::with_props(props)
        .render()
        .await;
    ssm_policy_planner::prerender::compact_markers(&rendered)
}

// Built for the browser only because `cargo test --target wasm32-unknown-unknown` builds every
// binary; there it does nothing.
#[cfg(target_arch = "wasm32")]
fn main() {}
