//! Import the account: the user pastes or chooses the JSON of `get-account-authorization-
//! details` or `list-entities-for-policy`, and the page reports what the move does to each
//! role. The import stays in this component's memory, never in the address or storage; what
//! it fills in (an empty role list, account id and partition) goes through the form as if
//! typed, so nothing already entered is lost.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::components::{Same, browser};
use crate::crash::{self, Activity};
use crate::estate::{self, Estate, EstateError, Report, RoleRow};
use crate::input::{Field, Selection};
use crate::plan::Plan;
use crate::render::estate::{COLUMNS, cells, csv, notes};
use crate::state::Derived;

/// Properties of [`EstateImport`].
#[derive(Properties, PartialEq)]
pub struct EstateImportProps {
    /// The derived plan the report is made against.
    pub derived: Rc<Derived>,
    /// The selection, to fill only what is empty.
    pub selection: Selection,
    /// Sets a field as if typed.
    pub on_edit: Callback<(Field, String)>,
}

/// An import as read: nothing yet, or the estate, or why it cannot be read.
type Parsed = Option<Result<Estate, EstateError>>;

/// The most text a paste puts into the box. A larger one (a large account's export runs to
/// megabytes) is read straight from the clipboard: a box that holds it takes the browser far
/// longer to fill and draw than the import takes to read, and shows nothing useful.
const SHOWN_PASTE: u32 = 64 * 1024;

/// The rows a large report shows before "Show all": a table of thousands of rows takes the
/// page a while to draw, and the roles that need a look come first.
const FIRST_ROWS: usize = 50;

/// The rows to draw: all, or the first [`FIRST_ROWS`] with the roles that do not fit first.
fn shown_rows(report: &Report, all: bool) -> impl Iterator<Item = &RoleRow> {
    let flagged = report.rows.iter().filter(|r| r.fits == Some(false));
    let rest = report.rows.iter().filter(|r| r.fits != Some(false));
    let limit = if all { usize::MAX } else { FIRST_ROWS };
    flagged.chain(rest).take(limit)
}

/// The import box, the file chooser, its message and the report.
#[component]
pub fn EstateImport(props: &EstateImportProps) -> Html {
    // Read once, when the text arrives: not when the plan changes, and never compared.
    let parsed = use_state(|| Same(Rc::new(Parsed::None)));
    // Where an import that is not the box's text came from: a large paste or a file.
    let origin = use_state(|| None::<String>);
    let file_error = use_state(|| None::<String>);
    // Only the latest file read counts: a slow one may finish after a newer choice.
    let reads = use_mut_ref(|| 0_u32);
    let area = use_node_ref();

    let read = {
        let parsed = parsed.clone();
        let file_error = file_error.clone();
        Callback::from(move |text: String| {
            crash::note(Activity::ImportingEstate);
            file_error.set(None);
            let read = (!text.trim().is_empty()).then(|| estate::parse(&text));
            parsed.set(Same(Rc::new(read)));
        })
    };

    // A new import fills what is empty: the account and partition from its ARNs, then the
    // roles it can update (against the plan once the account is known).
    {
        let selection = props.selection.clone();
        let on_edit = props.on_edit.clone();
        use_effect_with(parsed.clone(), move |parsed| {
            let parsed = parsed.0.clone();
            // Once the report is drawn: planning thousands of roles takes the page a moment,
            // and what the import found comes first.
            browser::after(0, move || {
                if let Some(Ok(estate)) = parsed.as_ref() {
                    // The plan as it will be once the account is in, as the command line does it.
                    let mut filled = selection.clone();
                    if selection.account_id.trim().is_empty() {
                        let (account, partition) = estate::account_and_partition(estate);
                        if let Some(p) = partition {
                            filled.partition = p;
                            on_edit.emit((Field::Partition, p.id().to_owned()));
                        }
                        if let Some(a) = account {
                            filled.account_id = a.clone();
                            on_edit.emit((Field::AccountId, a));
                        }
                    }
                    if selection.role_names.trim().is_empty() {
                        let plan = Plan::from_selection(&filled);
                        let report = estate::report(&plan, estate, plan.quota);
                        on_edit.emit((Field::RoleNames, report.updatable().join("\n")));
                    }
                }
            });
        });
    }

    let oninput = {
        let read = read.clone();
        let origin = origin.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() {
                origin.set(None);
                read.emit(area.value());
            }
        })
    };
    let onpaste = {
        let read = read.clone();
        let origin = origin.clone();
        let area = area.clone();
        Callback::from(move |e: Event| {
            let Some(text) = browser::pasted_text(&e).filter(|t| t.length() > SHOWN_PASTE) else {
                return;
            };
            e.prevent_default();
            if let Some(area) = area.cast::<HtmlTextAreaElement>() {
                area.set_value("");
            }
            origin.set(Some(format!(
                "Read from the clipboard: {} characters, more than the box shows. Paste or type again to replace it.",
                text.length()
            )));
            if let Some(text) = browser::utf8(&text) {
                read.emit(text);
            }
        })
    };
    let read_file = {
        let read = read.clone();
        let origin = origin.clone();
        let file_error = file_error.clone();
        move |file: web_sys::File| {
            *reads.borrow_mut() += 1;
            let this_read = *reads.borrow();
            let reads = reads.clone();
            let read = read.clone();
            let origin = origin.clone();
            let file_error = file_error.clone();
            let name = file.name();
            browser::read_file(file, move |text| {
                if *reads.borrow() != this_read {
                    return;
                }
                match text {
                    Ok(text) => {
                        origin.set(Some(format!("Read from the file {name}.")));
                        read.emit(text);
                    }
                    Err(why) => {
                        file_error.set(Some(format!("the file {name} could not be read: {why}")))
                    }
                }
            });
        }
    };
    let onchange_file = {
        let read_file = read_file.clone();
        Callback::from(move |e: Event| {
            if let Some(file) = e
                .target_dyn_into::<HtmlInputElement>()
                .and_then(|input| browser::chosen_file(&input))
            {
                read_file(file);
            }
        })
    };
    // A file dropped on the box is read as if chosen; the browser would otherwise open it in
    // place of the page. Dropped text goes into the box as usual.
    let ondragover = Callback::from(|e: DragEvent| {
        if e.data_transfer()
            .is_some_and(|d| d.types().includes(&"Files".into(), 0))
        {
            e.prevent_default();
        }
    });
    let ondrop = Callback::from(move |e: DragEvent| {
        if let Some(file) = browser::dropped_file(&e) {
            e.prevent_default();
            read_file(file);
        }
    });

    // The report changes with the import or the plan only: not on every render.
    let report = use_memo(
        (parsed.clone(), Same(props.derived.clone())),
        |(parsed, plan)| match parsed.0.as_ref() {
            Some(Ok(estate)) => Some(Rc::new(estate::report(
                &plan.0.plan,
                estate,
                plan.0.plan.quota,
            ))),
            _ => None,
        },
    );
    let report = (*report).clone();
    let error = (*file_error).clone().or_else(|| match parsed.0.as_ref() {
        Some(Err(e)) => Some(e.to_string()),
        _ => None,
    });
    let invalid = if error.is_some() { "true" } else { "false" };
    let mismatch = match parsed.0.as_ref() {
        Some(Ok(estate)) => estate::mismatch(
            estate,
            &props.selection.account_id,
            props.selection.partition,
        ),
        _ => None,
    };
    let show_all = use_state(|| false);
    let on_show_all = {
        let show_all = show_all.clone();
        Callback::from(move |_: MouseEvent| show_all.set(true))
    };
    // The CSV is written when asked for, not on every render.
    let download = report.clone().map(|r| {
        Callback::from(move |_: MouseEvent| {
            let _ = browser::download("estate-report.csv", &csv(&r));
        })
    });
    html! {
        <>
            <div class={classes!("field", error.is_some().then_some("is-invalid"))}>
                <label for="field-estate">{ "The account's export" }</label>
                <p class="hint" id="hint-estate">
                    { "Paste, drop or choose as a file the JSON output of aws iam get-account-authorization-details (whole, or with --filter Role User Group LocalManagedPolicy AWSManagedPolicy) or of aws iam list-entities-for-policy. It is read here and kept in this page only: never in its address or storage. It fills an empty role list with the roles the scripts can update, and an empty account id and the partition from its ARNs." }
                </p>
                <textarea
                    id="field-estate"
                    name="estate"
                    rows="4"
                    spellcheck="false"
                    autocomplete="off"
                    aria-invalid={invalid}
                    aria-describedby="hint-estate origin-estate error-estate"
                    ref={area}
                    {oninput}
                    {onpaste}
                    {ondragover}
                    {ondrop}
                />
                <p class="hint" id="origin-estate" data-estate-origin="">
                    { (*origin).clone().unwrap_or_default() }
                </p>
                <p class="file-choice">
                    <label for="field-estate-file">{ "Or choose the file: " }</label>
                    <input
                        type="file"
                        id="field-estate-file"
                        name="estate-file"
                        accept=".json,application/json"
                        aria-describedby="hint-estate error-estate"
                        onchange={onchange_file}
                    />
                </p>
                <p class="error" id="error-estate" data-error="estate" aria-live="polite">
                    { error.clone().unwrap_or_default() }
                </p>
            </div>
            if let Some(report) = report {
                <ul class="notices">
                    { for mismatch.iter().map(|m| html! {
                        <li class="notice notice-warning" data-estate-mismatch="">
                            <span class="notice-label">{ "Check" }</span>
                            <span class="notice-text">{ m.clone() }</span>
                        </li>
                    }) }
                    { for notes(&report).into_iter().map(|n| html! {
                        <li class="notice notice-review">
                            <span class="notice-label">{ "Review" }</span>
                            <span class="notice-text">{ n }</span>
                        </li>
                    }) }
                </ul>
                <p class="group-intro">
                    { format!("{} roles carry the old policy; {} of them fit the quota of {} managed policies per role with the old and the new set at once.", report.rows.len(), report.rows.iter().filter(|r| r.fits == Some(true)).count(), report.quota) }
                </p>
                <div class="table-scroll">
                    <table class="estate-report" data-output="estate-report" data-roles={report.rows.len().to_string()}>
                        <thead>
                            <tr>{ for COLUMNS.iter().map(|c| html! { <th scope="col">{ *c }</th> }) }</tr>
                        </thead>
                        <tbody>
                            { for shown_rows(&report, *show_all).map(|row| {
                                let flagged = row.fits == Some(false);
                                html! {
                                    <tr class={classes!(flagged.then_some("is-flagged"))} data-role={row.role.name.clone()}>
                                        { for cells(row, report.quota).into_iter().map(|c| html! { <td>{ c }</td> }) }
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                </div>
                if !*show_all && report.rows.len() > FIRST_ROWS {
                    <p class="group-intro" data-estate-more="">
                        { format!("The table shows the {FIRST_ROWS} roles that need a look first (those that do not fit, then in the export's order); the CSV has all {}. ", report.rows.len()) }
                        <button type="button" class="button button-quiet" onclick={on_show_all}>
                            { format!("Show all {} roles", report.rows.len()) }
                        </button>
                    </p>
                }
                <p class="output-actions">
                    <button type="button" class="button" data-download="estate-report" onclick={download}>
                        { "Download as CSV" }
                    </button>
                </p>
            }
        </>
    }
}
