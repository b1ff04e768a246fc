//! Mounts the planner page, with a panic hook that replaces a stopped page by a message.
//!
//! The build writes the default page, rendered, into the app's element (see
//! `src/bin/prerender.rs`); the app then hydrates it instead of drawing it again. A page
//! without it, or one that something changed before the app started, is drawn afresh.

use ssm_policy_planner::components::app::App;

fn main() {
    // Yew's own hook only logs to the console, leaving a page that looks alive but no longer
    // answers; this one tells the user. Native runs (tests) keep Rust's default hook.
    #[cfg(target_arch = "wasm32")]
    {
        use ssm_policy_planner::components::app::AppProps;
        use ssm_policy_planner::components::browser::{self, Start, show_crash};
        use ssm_policy_planner::crash::{Place, crash, last};
        yew::set_custom_panic_hook(Box::new(|info| {
            let place = info
                .location()
                .map(|at| Place::new(at.file(), at.line(), at.column()));
            show_crash(&crash(last(), place.as_ref()), &info.to_string());
        }));
        match browser::start() {
            Start::Hydrate(root) => {
                let props = AppProps {
                    initial: None,
                    prerendered: true,
                };
                yew::Renderer::<App>::with_root_and_props(root, props).hydrate();
            }
            Start::Render(root) => {
                yew::Renderer::<App>::with_root(root).render();
            }
            Start::Body => {
                yew::Renderer::<App>::new().render();
            }
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    yew::Renderer::<App>::new().render();
}
