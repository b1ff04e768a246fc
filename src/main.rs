//! Mounts the planner page, with a panic hook that replaces a stopped page by a message.

use ssm_policy_planner::components::app::App;

fn main() {
    // Yew's own hook only logs to the console, leaving a page that looks alive but no longer
    // answers; this one tells the user. Native runs (tests) keep Rust's default hook.
    #[cfg(target_arch = "wasm32")]
    yew::set_custom_panic_hook(Box::new(|info| {
        use ssm_policy_planner::components::browser::show_crash;
        use ssm_policy_planner::crash::{Place, crash, last};
        let place = info
            .location()
            .map(|at| Place::new(at.file(), at.line(), at.column()));
        show_crash(&crash(last(), place.as_ref()), &info.to_string());
    }));
    yew::Renderer::<App>::new().render();
}
