//! Mounts the planner page.

fn main() {
    yew::Renderer::<ssm_policy_planner::components::app::App>::new().render();
}
