//! One output: its title, the text in a code block with copy and download buttons, or why it
//! is not shown yet.
//!
//! The code block's text is exactly the rendered text, and exactly what Copy copies and
//! Download saves.

use yew::prelude::*;

use crate::components::copy_button::CopyButton;
use crate::components::download_button::DownloadButton;
use crate::components::field_list;
use crate::plan::Part;
use crate::render::{Output, Rendered};

/// Properties of [`OutputBlock`].
#[derive(Properties, PartialEq)]
pub struct OutputBlockProps {
    /// Which output.
    pub output: Output,
    /// Its rendered form.
    pub rendered: Rendered,
    /// What to say about the output under its title.
    #[prop_or_default]
    pub children: Html,
}

/// An output, absent when it does not apply.
#[component]
pub fn OutputBlock(props: &OutputBlockProps) -> Html {
    let output = props.output;
    let title_id = format!("output-title-{}", output.id());
    let (actions, body) = match &props.rendered {
        Part::NotApplicable(_) => return Html::default(),
        Part::Ready(text) => {
            let text = AttrValue::from(text.clone());
            // The one-line parameters read better wrapped; scripts keep their lines.
            let wrap = matches!(output, Output::PoliciesToAdd | Output::PolicyToRemove);
            (
                html! {
                    <div class="output-actions">
                        <CopyButton {output} text={text.clone()} />
                        <DownloadButton {output} text={text.clone()} />
                    </div>
                },
                html! {
                    <pre
                        class={classes!("code", wrap.then_some("code-wrap"))}
                        data-output={output.id()}
                        tabindex="0"
                        aria-labelledby={title_id.clone()}
                    ><code>{ text }</code></pre>
                },
            )
        }
        Part::Blocked(fields) => {
            let fields: Vec<_> = fields.iter().copied().collect();
            let message = format!("Fix {} to see this output.", field_list(&fields));
            (
                Html::default(),
                html! { <p class="blocked" data-blocked={output.id()}>{ message }</p> },
            )
        }
    };
    html! {
        <article class="output" aria-labelledby={title_id.clone()}>
            <div class="output-head">
                <h4 class="output-title" id={title_id}>{ output.facts().title }</h4>
                { actions }
            </div>
            { props.children.clone() }
            { body }
        </article>
    }
}
