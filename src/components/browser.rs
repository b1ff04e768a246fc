//! The few browser calls the page makes: the URL fragment and `localStorage` that keep the
//! selection, the clipboard, downloads, a timer, and the message that replaces a stopped app.
//!
//! Every call fails softly: storage may be disabled, the clipboard missing (plain HTTP), an
//! API may throw. None of that may break the page, so each call returns an `Option` or a
//! `Result` and the page carries on. Outside a browser (native tests render the page on the
//! server side) every call is a no-op.

use std::cell::{Cell, RefCell};

use gloo_events::EventListener;
use gloo_file::{Blob, ObjectUrl};
use gloo_timers::callback::Timeout;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlAnchorElement, Storage, Window};

use crate::crash::Crash;
use crate::input::Selection;
use crate::prerender::ELEMENTS_ATTRIBUTE;
use crate::state::{Opened, STORAGE_KEY, Source, decode_fragment, fragment_of, open, to_stored};

/// Whether the code runs in a browser; the web APIs cannot be called anywhere else.
const IN_BROWSER: bool = cfg!(target_arch = "wasm32");

fn window() -> Option<Window> {
    if IN_BROWSER { web_sys::window() } else { None }
}

/// Why the page cannot keep the selection in this browser, in words for the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageError {
    /// Storage is disabled or blocked (a privacy setting, a sandboxed frame).
    Unavailable,
    /// The browser refused the write, as when its storage is full.
    Refused,
    /// The plan is too long to carry in the page's address; storage keeps it.
    TooLongForTheAddress,
    /// The plan is too long for the address, and storage would not keep it either.
    NotKept,
}

/// The longest fragment the page writes into its address. Browsers take addresses of a few
/// megabytes at most, and a link that long is no link to share; a plan this long carries a
/// paste that belongs in no field (its field says so), and storage keeps it alone.
const MAX_FRAGMENT_CHARS: usize = 64_000;

impl StorageError {
    /// The message the page shows.
    pub const fn message(self) -> &'static str {
        match self {
            StorageError::Unavailable => {
                "This browser does not let the page keep the plan, so it lives only in the page's address: bookmark the page or copy its link to keep it."
            }
            StorageError::Refused => {
                "The browser refused to save the plan (its storage may be full), so it lives only in the page's address: bookmark the page or copy its link to keep it."
            }
            StorageError::TooLongForTheAddress => {
                "The plan is too long for the page's address, so links no longer carry it; this browser keeps it. Shorten the long field to share the plan as a link."
            }
            StorageError::NotKept => {
                "The plan is too long for the page's address and the browser would not store it, so a reload loses it. Shorten the long field."
            }
        }
    }
}

/// `localStorage`, when the browser lets the page use it. Reading the property itself
/// throws where storage is blocked, so it is read through the fallible binding.
fn local_storage() -> Result<Storage, StorageError> {
    window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or(StorageError::Unavailable)
}

/// The selection a page load opens on: the URL fragment's, else the stored one, else the
/// default, with what was left out of them; and why storage cannot be used, if it cannot.
pub fn opened_selection() -> (Opened, Option<StorageError>) {
    let Some(window) = window() else {
        return (Opened::default(), None);
    };
    let fragment = window.location().hash().ok();
    let stored = local_storage().and_then(|storage| {
        storage
            .get_item(STORAGE_KEY)
            .map_err(|_| StorageError::Unavailable)
    });
    let opened = open(
        fragment.as_deref(),
        stored.as_ref().ok().and_then(|text| text.as_deref()),
    );
    (opened, stored.err())
}

/// How long the address waits for a pause in the changes before it carries the plan again.
const ADDRESS_PAUSE_MS: u32 = 300;

thread_local! {
    /// The plan's fragment waiting to go into the address, if any.
    static ADDRESS_WAITING: RefCell<Option<String>> = const { RefCell::new(None) };
    /// The timer that puts it there; replaced at each change (it may have fired).
    static ADDRESS_TIMER: RefCell<Option<Timeout>> = const { RefCell::new(None) };
    /// Whether the page puts a waiting plan into the address when it is hidden or left.
    static ADDRESS_FLUSH_LISTENING: Cell<bool> = const { Cell::new(false) };
}

/// Puts the waiting plan, if any, into the address now.
fn flush_address() {
    if let Some(fragment) = ADDRESS_WAITING.with(|w| w.borrow_mut().take())
        && let Some(window) = window()
    {
        replace_address(&window, Some(&fragment));
    }
}

/// A page hidden (another tab, the window minimised) or left (closed, reloaded, navigated)
/// puts a waiting plan into its address at once, so that the history entry a browser keeps
/// for it, and restores, carries the plan.
fn flush_address_when_hidden(window: &Window) {
    if ADDRESS_FLUSH_LISTENING.with(|l| l.replace(true)) {
        return;
    }
    EventListener::new(window, "pagehide", |_| flush_address()).forget();
    if let Some(document) = window.document() {
        EventListener::new(&document, "visibilitychange", |_| flush_address()).forget();
    }
}

/// Replaces the page's address with its path, and `fragment` if given. A path-absolute URL:
/// a fragment-only one would resolve against the page's `<base>`.
fn replace_address(window: &Window, fragment: Option<&str>) {
    let location = window.location();
    let mut url = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default(),
    );
    if let Some(fragment) = fragment {
        url.push('#');
        url.push_str(fragment);
    }
    if let Ok(history) = window.history() {
        history
            .replace_state_with_url(&JsValue::NULL, "", Some(&url))
            .ok();
    }
}

/// Keeps the selection in `localStorage` and in the URL fragment. The fragment is replaced,
/// not pushed, so typing does not fill the history with one entry a keystroke. A storage
/// that cannot take it only loses that copy: the fragment still has it.
///
/// Replacing the address costs the browser several milliseconds a call, more than the rest
/// of a change, so while storage keeps the plan the address follows once the changes pause,
/// or at once when the page is hidden or left. Until then it holds no plan at all (taken out
/// at the first change), so that a reload reads the stored copy and never an older link.
pub fn save_selection(selection: &Selection) -> Result<(), StorageError> {
    let Some(window) = window() else {
        return Ok(());
    };
    // One serialization a change: the stored copy, and the fragment made from it.
    let stored_text = to_stored(selection);
    let fragment = fragment_of(&stored_text);
    let too_long = fragment.len() > MAX_FRAGMENT_CHARS;
    // The text is written as is (the same JSON the fragment carries), not through a second
    // serializer.
    let stored = local_storage().and_then(|storage| {
        storage
            .set_item(STORAGE_KEY, &stored_text)
            .map_err(|_| StorageError::Refused)
    });
    let waiting = ADDRESS_WAITING.with(|w| w.borrow_mut().take()).is_some();
    // The timer of an earlier change, fired or not: this change replaces it.
    drop(ADDRESS_TIMER.with(|t| t.borrow_mut().take()));
    if too_long {
        replace_address(&window, None);
    } else if stored.is_err() {
        // The address is the one copy: it follows every change.
        replace_address(&window, Some(&fragment));
    } else {
        if !waiting {
            replace_address(&window, None);
        }
        ADDRESS_WAITING.with(|w| *w.borrow_mut() = Some(fragment));
        flush_address_when_hidden(&window);
        let timer = Timeout::new(ADDRESS_PAUSE_MS, flush_address);
        ADDRESS_TIMER.with(|t| *t.borrow_mut() = Some(timer));
    }
    match (stored, too_long) {
        (Ok(()), false) => Ok(()),
        (Ok(()), true) => Err(StorageError::TooLongForTheAddress),
        (Err(_), true) => Err(StorageError::NotKept),
        (Err(e), false) => Err(e),
    }
}

/// A `hashchange` listener, removed when dropped.
pub struct HashListener {
    _listener: Option<EventListener>,
}

/// Calls `on_load` with what a new URL fragment holds, as when a shared link is pasted into
/// the address bar of an open page: the selection (`None` when the fragment is no selection
/// at all) and what was left out of it. An empty fragment is ignored.
pub fn listen_hash_change(
    on_load: impl Fn(Option<Selection>, Vec<String>) + 'static,
) -> HashListener {
    let Some(window) = window() else {
        return HashListener { _listener: None };
    };
    let source = window.clone();
    let listener = EventListener::new(&window, "hashchange", move |_| {
        let fragment = source.location().hash().unwrap_or_default();
        if let Some(decoded) = decode_fragment(&fragment) {
            let notes = decoded.notes(Source::Link);
            on_load(decoded.selection, notes);
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

/// The first file a file input holds.
pub fn chosen_file(input: &web_sys::HtmlInputElement) -> Option<web_sys::File> {
    window()?;
    input.files()?.get(0)
}

/// The first file a drop carries; `None` for a drop of text (the field takes that itself).
pub fn dropped_file(e: &web_sys::DragEvent) -> Option<web_sys::File> {
    window()?;
    e.data_transfer()?.files()?.get(0)
}

/// Reads a file as text (UTF-8, or UTF-16 with a byte order mark), then calls `done` with it
/// or with why it could not be read.
pub fn read_file(file: web_sys::File, done: impl FnOnce(Result<String, String>) + 'static) {
    wasm_bindgen_futures::spawn_local(async move {
        let read = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await;
        done(match read {
            Ok(buffer) => crate::text::decode(js_sys::Uint8Array::new(&buffer).to_vec())
                .map_err(|e| e.to_string()),
            Err(why) => Err(js_sys::Reflect::get(&why, &JsValue::from_str("message"))
                .ok()
                .and_then(|m| m.as_string())
                .unwrap_or_else(|| "the browser refused".to_owned())),
        });
    });
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = TextEncoder)]
    type Utf8Encoder;
    #[wasm_bindgen(constructor, js_class = "TextEncoder")]
    fn new() -> Utf8Encoder;
    // As web-sys's `encode_into_with_u8_array`, but from a string still in the page.
    #[wasm_bindgen(method, js_class = "TextEncoder", js_name = encodeInto)]
    fn encode_into(
        this: &Utf8Encoder,
        text: &js_sys::JsString,
        into: &js_sys::Uint8Array,
    ) -> Encoded;
    type Encoded;
    #[wasm_bindgen(method, getter)]
    fn read(this: &Encoded) -> u32;
    #[wasm_bindgen(method, getter)]
    fn written(this: &Encoded) -> u32;
    // As web-sys's `DataTransfer::get_data`, but leaving the text in the page until it is
    // known to be wanted.
    #[wasm_bindgen(js_name = DataTransfer)]
    type Transfer;
    #[wasm_bindgen(method, js_class = "DataTransfer", js_name = getData)]
    fn text_data(this: &Transfer, format: &str) -> JsValue;
}

/// Encodes as much of `text` as fits into `bytes[from..]`, in place; returns how many of the
/// text's UTF-16 units were read and how many bytes written.
fn encode_into(
    encoder: &Utf8Encoder,
    text: &js_sys::JsString,
    bytes: &mut [u8],
    from: usize,
) -> (u32, u32) {
    let memory = wasm_bindgen::memory().unchecked_into::<js_sys::WebAssembly::Memory>();
    let free = &mut bytes[from..];
    let into = js_sys::Uint8Array::new_with_byte_offset_and_length(
        &memory.buffer(),
        free.as_mut_ptr() as u32,
        free.len() as u32,
    );
    let done = encoder.encode_into(text, &into);
    (done.read(), done.written())
}

/// A string of the page as Rust text. wasm-bindgen's own conversion copies a string a
/// character at a time in JavaScript, and `TextEncoder.encode` copies it out of the page
/// first; encoding straight into the WebAssembly's memory takes a small part of either's
/// time for a paste of megabytes. `None` for anything but a string.
pub fn utf8(text: &JsValue) -> Option<String> {
    if !IN_BROWSER {
        return None;
    }
    let text = text.dyn_ref::<js_sys::JsString>()?;
    let units = text.length();
    let encoder = Utf8Encoder::new();
    // A byte a unit is enough for ASCII, the usual case; any other unit takes three at most.
    let mut bytes = vec![0_u8; units as usize];
    let (read, mut written) = encode_into(&encoder, text, &mut bytes, 0);
    if read < units {
        let rest = text.slice(read, units);
        bytes.resize(written as usize + 3 * (units - read) as usize, 0);
        written += encode_into(&encoder, &rest, &mut bytes, written as usize).1;
    }
    bytes.truncate(written as usize);
    String::from_utf8(bytes).ok()
}

/// The plain text a paste carries, still as the page's string.
pub fn pasted_text(e: &web_sys::Event) -> Option<js_sys::JsString> {
    window()?;
    let data = e.dyn_ref::<web_sys::ClipboardEvent>()?.clipboard_data()?;
    data.unchecked_ref::<Transfer>()
        .text_data("text/plain")
        .dyn_into()
        .ok()
}

/// The element the app lives in; the build writes the rendered page into it.
pub const APP_ROOT_ID: &str = "app";

/// How the app starts in the page.
pub enum Start {
    /// Hydrating the page the build rendered into this element, as it is.
    Hydrate(Element),
    /// Drawing afresh into this element, emptied: it held no rendered page, or one that
    /// something changed before the app came (a translation, an extension), which would
    /// stop the hydration.
    Render(Element),
    /// Drawing into the body: the page has no app element.
    Body,
}

/// How the app should start: hydrate the rendered page only if it has as many elements as
/// the build rendered.
pub fn start() -> Start {
    let Some(root) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(APP_ROOT_ID))
    else {
        return Start::Body;
    };
    let rendered = root
        .get_attribute(ELEMENTS_ATTRIBUTE)
        .and_then(|n| n.parse::<u32>().ok());
    let found = root.query_selector_all("*").ok().map(|all| all.length());
    match rendered {
        Some(n) if found == Some(n) => Start::Hydrate(root),
        _ => {
            root.set_inner_html("");
            Start::Render(root)
        }
    }
}

/// The attribute on `<html>` that says the page answers: hydrated, showing the selection it
/// opened on. Tests and the benchmark wait for it.
pub const READY_ATTRIBUTE: &str = "data-ready";

/// Marks the page as answering (see [`READY_ATTRIBUTE`]).
pub fn mark_ready() {
    if let Some(root) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute(READY_ATTRIBUTE, "");
    }
}

/// Runs `f` once, `ms` milliseconds from now.
pub fn after(ms: u32, f: impl FnOnce() + 'static) {
    if window().is_some() {
        Timeout::new(ms, f).forget();
    }
}

/// The id of the message that replaces a stopped app.
pub const CRASH_ID: &str = "crash";

/// Replaces the page with `crash`, built from plain DOM calls: the app behind it has stopped
/// and can no longer draw. `details` (the panic's own message, which may quote what was
/// typed) goes to this browser's console only.
pub fn show_crash(crash: &Crash, details: &str) {
    let Some(document) = window().and_then(|w| w.document()) else {
        return;
    };
    web_sys::console::error_1(&JsValue::from_str(details));
    // A stopped app may still be called, and stop again: the first message stays.
    if document.get_element_by_id(CRASH_ID).is_some() {
        return;
    }
    let element = |tag: &str, text: Option<&str>| {
        let element = document.create_element(tag).ok()?;
        element.set_text_content(text);
        Some(element)
    };
    let shown = (|| {
        let section = element("section", None)?;
        section.set_id(CRASH_ID);
        section.set_class_name("crash");
        section.set_attribute("role", "alert").ok()?;
        let title = element("h1", Some(crash.title))?;
        // Focus moves to the message, so a keyboard or screen reader user lands on it.
        title.set_attribute("tabindex", "-1").ok()?;
        section.append_child(&title).ok()?;
        for advice in crash.advice {
            let paragraph = element("p", Some(advice))?;
            section.append_child(&paragraph).ok()?;
        }
        let report = element("pre", Some(&crash.report))?;
        report.set_class_name("crash-report");
        section.append_child(&report).ok()?;
        let body = document.body()?;
        body.set_text_content(None);
        body.append_child(&section).ok()?;
        title.dyn_into::<web_sys::HtmlElement>().ok()?.focus().ok()
    })();
    if shown.is_none() {
        web_sys::console::error_1(&JsValue::from_str(&crash.report));
    }
}
