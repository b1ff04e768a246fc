//! One checkbox and a line that follows it: the least a Yew app can be, to measure the
//! planner against (scripts/bench).

use yew::prelude::*;

#[component]
fn App() -> Html {
    let on = use_state(|| false);
    let onchange = {
        let on = on.clone();
        Callback::from(move |_: Event| on.set(!*on))
    };
    html! {
        <main>
            <label><input type="checkbox" checked={*on} {onchange} />{ " A feature" }</label>
            <p data-output="state">{ if *on { "ticked" } else { "not ticked" } }</p>
        </main>
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
