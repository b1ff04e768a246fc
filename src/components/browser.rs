//! The few browser calls the page makes: the URL fragment and `localStorage` that keep the
//! selection, the clipboard, downloads and a timer.
//!
//! Every call fails softly: storage may be disabled, the clipboard missing (plain HTTP), an
//! API may throw. None of that may break the page, so each call returns an `Option` or a
//! `Result` and the page carries on. Outside a browser (native tests render the page on the
//! server side) every call is a no-op.

use gloo_events::EventListener;
use gloo_file::{Blob, ObjectUrl};
use gloo_storage::{LocalStorage, Storage};
use gloo_timers::callback::Timeout;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlAnchorElement, Window};

use crate::input::Selection;
use crate::state::{STORAGE_KEY, from_fragment, initial_selection, to_fragment, to_stored};

/// Whether the code runs in a browser; the web APIs cannot be called anywhere else.
const IN_BROWSER: bool = cfg!(target_arch = "wasm32");

fn window() -> Option<Window> {
    if IN_BROWSER { web_sys::window() } else { None }
}

/// The stored selection's text, when there is a browser and storage to read.
fn stored_text() -> Option<String> {
    window()?;
    LocalStorage::raw().get_item(STORAGE_KEY).ok().flatten()
}

/// The selection a page load opens on: the URL fragment's, else the stored one, else the
/// default.
pub fn saved_selection() -> Selection {
    let fragment = window().and_then(|w| w.location().hash().ok());
    initial_selection(fragment.as_deref(), stored_text().as_deref())
}

/// Keeps the selection in `localStorage` and in the URL fragment. The fragment is replaced,
/// not pushed, so typing does not fill the history with one entry a keystroke.
pub fn save_selection(selection: &Selection) {
    let Some(window) = window() else {
        return;
    };
    // A full or disabled storage only loses the copy; the fragment still has it. The text is
    // written as is (the same JSON the fragment carries), not through a second serializer.
    LocalStorage::raw()
        .set_item(STORAGE_KEY, &to_stored(selection))
        .ok();
    let location = window.location();
    // A path-absolute URL: a fragment-only one would resolve against the page's `<base>`.
    let url = format!(
        "{}{}#{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default(),
        to_fragment(selection)
    );
    if let Ok(history) = window.history() {
        history
            .replace_state_with_url(&JsValue::NULL, "", Some(&url))
            .ok();
    }
}

/// A `hashchange` listener, removed when dropped.
pub struct HashListener {
    _listener: Option<EventListener>,
}

/// Calls `on_load` with the selection of a new URL fragment, as when a shared link is pasted
/// into the address bar of an open page. Fragments that are not a selection are ignored.
pub fn listen_hash_change(on_load: impl Fn(Selection) + 'static) -> HashListener {
    let Some(window) = window() else {
        return HashListener { _listener: None };
    };
    let source = window.clone();
    let listener = EventListener::new(&window, "hashchange", move |_| {
        if let Some(selection) = source
            .location()
            .hash()
            .ok()
            .as_deref()
            .and_then(from_fragment)
        {
            on_load(selection);
        }
    });
    HashListener {
        _listener: Some(listener),
    }
}

/// Why a copy did not happen, in words for the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyError {
    /// The browser has no clipboard API here (it needs HTTPS or localhost).
    Unavailable,
    /// The browser refused the write.
    Refused,
}

impl CopyError {
    /// The message the page shows.
    pub const fn message(self) -> &'static str {
        match self {
            CopyError::Unavailable => {
                "Clipboard unavailable (the page needs HTTPS or localhost): select the text and copy it by hand."
            }
            CopyError::Refused => {
                "The browser refused to copy: select the text and copy it by hand."
            }
        }
    }
}

/// Writes `text` to the clipboard.
pub async fn copy_text(text: &str) -> Result<(), CopyError> {
    let navigator = window().ok_or(CopyError::Unavailable)?.navigator();
    // `navigator.clipboard` is undefined outside secure contexts; calling it would throw.
    let clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .ok()
        .filter(|c| !c.is_undefined() && !c.is_null())
        .ok_or(CopyError::Unavailable)?
        .unchecked_into::<web_sys::Clipboard>();
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| CopyError::Refused)
}

/// How long a download's object URL stays valid: revoking it at once can cancel the download
/// in some browsers.
const DOWNLOAD_URL_MS: u32 = 1_000;

/// Offers `text` as a file download named `file_name`. `None` when the browser would not.
pub fn download(file_name: &str, text: &str) -> Option<()> {
    let document = window()?.document()?;
    let url = ObjectUrl::from(Blob::new_with_options(
        text,
        Some("text/plain;charset=utf-8"),
    ));
    let link = document
        .create_element("a")
        .ok()?
        .dyn_into::<HtmlAnchorElement>()
        .ok()?;
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    // The URL is revoked when `url` is dropped, a moment from now.
    Timeout::new(DOWNLOAD_URL_MS, move || drop(url)).forget();
    Some(())
}

/// Runs `f` once, `ms` milliseconds from now.
pub fn after(ms: u32, f: impl FnOnce() + 'static) {
    if window().is_some() {
        Timeout::new(ms, f).forget();
    }
}
