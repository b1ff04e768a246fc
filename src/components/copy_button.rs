//! The copy button of an output, with a confirmation that fades after two seconds and a
//! message that stays when the clipboard cannot be used.

use yew::prelude::*;

use crate::components::browser;
use crate::crash::{self, Activity};
use crate::render::Output;

/// How long "Copied" stays.
const CONFIRMATION_MS: u32 = 2_000;

/// Properties of [`CopyButton`].
#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    /// Which output.
    pub output: Output,
    /// Exactly the text the output shows.
    pub text: AttrValue,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum CopyState {
    Idle,
    Copied,
    Failed(&'static str),
}

/// Copies the output's text to the clipboard.
#[component]
pub fn CopyButton(props: &CopyButtonProps) -> Html {
    let status = use_state(|| CopyState::Idle);
    // Counts clicks, so that an older click's timer does not clear a newer confirmation.
    let clicks = use_mut_ref(|| 0u32);
    let onclick = {
        let status = status.clone();
        let text = props.text.clone();
        let output = props.output;
        Callback::from(move |_: MouseEvent| {
            crash::note(Activity::Copying(output));
            let click = {
                let mut count = clicks.borrow_mut();
                *count = count.wrapping_add(1);
                *count
            };
            let status = status.clone();
            let text = text.clone();
            let clicks = clicks.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match browser::copy_text(&text).await {
                    Ok(()) => {
                        status.set(CopyState::Copied);
                        browser::after(CONFIRMATION_MS, move || {
                            if *clicks.borrow() == click {
                                status.set(CopyState::Idle);
                            }
                        });
                    }
                    Err(e) => status.set(CopyState::Failed(e.message())),
                }
            });
        })
    };
    let output = props.output;
    let status_id = format!("copy-status-{}", output.id());
    let (class, message) = match *status {
        CopyState::Idle => ("copy-status", ""),
        CopyState::Copied => ("copy-status is-ok", "Copied"),
        CopyState::Failed(m) => ("copy-status is-failed", m),
    };
    html! {
        <>
            <button
                type="button"
                class="button button-primary"
                data-copy={output.id()}
                aria-describedby={status_id.clone()}
                {onclick}
            >
                { "Copy" }
                <span class="sr-only">{ format!(" {}", output.facts().title) }</span>
            </button>
            <span class={class} id={status_id} role="status" aria-live="polite">{ message }</span>
        </>
    }
}
