//! The download button of an output: the same text as a file named after the output.

use yew::prelude::*;

use crate::components::browser;
use crate::crash::{self, Activity};
use crate::render::Output;

/// Properties of [`DownloadButton`].
#[derive(Properties, PartialEq)]
pub struct DownloadButtonProps {
    /// Which output.
    pub output: Output,
    /// Exactly the text the output shows.
    pub text: AttrValue,
}

/// Saves the output under its file name.
#[component]
pub fn DownloadButton(props: &DownloadButtonProps) -> Html {
    let failed = use_state(|| false);
    let output = props.output;
    let onclick = {
        let failed = failed.clone();
        let text = props.text.clone();
        Callback::from(move |_: MouseEvent| {
            crash::note(Activity::Downloading(output));
            failed.set(browser::download(output.facts().file_name, &text).is_none());
        })
    };
    html! {
        <>
            <button type="button" class="button" data-download={output.id()} {onclick}>
                { "Download " }<span class="file-name">{ output.facts().file_name }</span>
            </button>
            if *failed {
                <span class="copy-status is-failed" role="status">
                    { "The browser would not save the file: copy the text instead." }
                </span>
            }
        </>
    }
}
