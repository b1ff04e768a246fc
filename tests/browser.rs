//! Browser component tests: the page mounted in headless Chromium and used through real DOM
//! events (typing, ticking, choosing), so each event has to reach the reducer and come back as
//! a render. The native view tests render once on the server side and cannot see that path.
//!
//! After each event the test waits for Yew's scheduler to finish (`yew::scheduler::flush`),
//! never for a fixed time. Expected texts come from the core, planned and rendered from the
//! same selection the user has built by then.

#![cfg(target_arch = "wasm32")]

use ssm_policy_planner::catalog::{Feature, Partition};
use ssm_policy_planner::components::app::{App, AppProps};
use ssm_policy_planner::input::{Field, S3Route, Selection, VssChoice};
use ssm_policy_planner::plan::{Part, Plan};
use ssm_policy_planner::render::{Output, render};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{
    Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement,
    HtmlTextAreaElement,
};
use yew::AppHandle;
use yew::scheduler::flush;

wasm_bindgen_test_configure!(run_in_browser);

const ACCOUNT: &str = "123456789012";
const BUCKET: &str = "my-ssm-output";

/// The page, mounted into an element of its own (the runner's page keeps its report in
/// `#output`, so the page's elements must not be searched outside this root).
struct Page {
    root: Element,
    handle: Option<AppHandle<App>>,
}

impl Page {
    /// Mounts the page on `selection` and waits for its first render.
    async fn open(selection: Selection) -> Page {
        let document = document();
        let root = document
            .create_element("div")
            .expect("create the page's root element");
        document
            .body()
            .expect("the runner's page has a body")
            .append_child(&root)
            .expect("attach the page's root element");
        let handle = yew::Renderer::<App>::with_root_and_props(
            root.clone(),
            AppProps {
                initial: Some(selection),
                prerendered: false,
            },
        )
        .render();
        flush().await;
        Page {
            root,
            handle: Some(handle),
        }
    }

    /// The one element that matches `css`, if any.
    fn find(&self, css: &str) -> Option<Element> {
        let all = self
            .root
            .query_selector_all(css)
            .unwrap_or_else(|e| panic!("selector {css}: {e:?}"));
        assert!(all.length() <= 1, "{css} matches {} elements", all.length());
        self.root
            .query_selector(css)
            .unwrap_or_else(|e| panic!("selector {css}: {e:?}"))
    }

    /// The one element that matches `css`.
    fn get(&self, css: &str) -> Element {
        self.find(css)
            .unwrap_or_else(|| panic!("no element matches {css}"))
    }

    /// The text of every element that matches `css`.
    fn texts(&self, css: &str) -> Vec<String> {
        let all = self
            .root
            .query_selector_all(css)
            .unwrap_or_else(|e| panic!("selector {css}: {e:?}"));
        (0..all.length())
            .filter_map(|i| all.item(i))
            .map(|n| n.text_content().unwrap_or_default())
            .collect()
    }

    /// The shown text of an output, when it is shown.
    fn output_text(&self, output: Output) -> Option<String> {
        self.find(&format!("[data-output=\"{}\"]", output.id()))
            .map(|e| e.text_content().unwrap_or_default())
    }

    /// The text of a field's error element (empty while the value is valid).
    fn error_text(&self, field: Field) -> String {
        self.get(&format!("[data-error=\"{}\"]", field.id()))
            .text_content()
            .unwrap_or_default()
    }

    /// The `aria-invalid` of a text field's control.
    fn aria_invalid(&self, field: Field) -> Option<String> {
        self.get(&format!("[name=\"{}\"]", field.id()))
            .get_attribute("aria-invalid")
    }

    /// Types `text` into a text field, as the browser reports a keystroke: the value changes,
    /// then an `input` event bubbles up from the control.
    async fn type_into(&self, field: Field, text: &str) {
        let control = self.get(&format!("[name=\"{}\"]", field.id()));
        if let Some(input) = control.dyn_ref::<HtmlInputElement>() {
            input.set_value(text);
        } else if let Some(area) = control.dyn_ref::<HtmlTextAreaElement>() {
            area.set_value(text);
        } else {
            panic!("{} is not a text field", field.id());
        }
        fire(&control, "input");
        flush().await;
    }

    /// Clicks an element (a checkbox or radio button: the browser toggles it and fires its
    /// `input` and `change` events).
    async fn click(&self, css: &str) {
        self.get(css)
            .dyn_into::<HtmlElement>()
            .unwrap_or_else(|_| panic!("{css} is not an HTML element"))
            .click();
        flush().await;
    }

    /// Clicks the button whose text is `label`.
    async fn click_button(&self, label: &str) {
        let buttons = self
            .root
            .query_selector_all("button")
            .expect("select the buttons");
        let button = (0..buttons.length())
            .filter_map(|i| buttons.item(i))
            .find(|b| b.text_content().unwrap_or_default().trim() == label)
            .unwrap_or_else(|| panic!("no button says {label}"))
            .dyn_into::<HtmlElement>()
            .expect("a button is an HTML element");
        button.click();
        flush().await;
    }

    /// Picks an option of a select, then fires `change` as the browser does.
    async fn choose(&self, field: Field, option: &str) {
        let select = self
            .get(&format!("select[name=\"{}\"]", field.id()))
            .dyn_into::<HtmlSelectElement>()
            .unwrap_or_else(|_| panic!("{} is not a select", field.id()));
        select.set_value(option);
        assert_eq!(select.value(), option, "the select has no option {option}");
        fire(&select, "change");
        flush().await;
    }

    /// Checks every output against the core's rendering of `selection`: a ready output shows
    /// exactly its text, a blocked one says so, one that does not apply is absent.
    fn assert_outputs(&self, selection: &Selection) {
        let plan = Plan::from_selection(selection);
        for output in Output::ALL {
            let shown = self.output_text(output);
            let blocked = self
                .find(&format!("[data-blocked=\"{}\"]", output.id()))
                .is_some();
            match render(&plan, output) {
                Part::Ready(text) => {
                    assert_eq!(shown.as_deref(), Some(text.as_str()), "{}", output.id());
                    assert!(!blocked, "{} is ready but shown as blocked", output.id());
                }
                Part::Blocked(_) => {
                    assert_eq!(shown, None, "{} is blocked but shown", output.id());
                    assert!(blocked, "{} is blocked but not shown as such", output.id());
                }
                Part::NotApplicable(_) => {
                    assert_eq!(shown, None, "{} does not apply but is shown", output.id());
                    assert!(
                        !blocked,
                        "{} does not apply but is shown blocked",
                        output.id()
                    );
                }
            }
        }
    }
}

impl Drop for Page {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
        self.root.remove();
    }
}

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser document")
}

/// Fires a bubbling event of `kind` at `target`, as the browser does for user input (Yew
/// listens at the page's root, so the event must bubble to reach it).
fn fire(target: &Element, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    let event = Event::new_with_event_init_dict(kind, &init).expect("create a DOM event");
    target
        .dispatch_event(&event)
        .expect("dispatch the DOM event");
}

fn selection(features: &[Feature]) -> Selection {
    Selection {
        features: features.iter().copied().collect(),
        ..Selection::default()
    }
}

#[wasm_bindgen_test]
async fn typing_the_account_id_fills_policies_to_add() {
    let mut expected = selection(&[Feature::SessionManager, Feature::S3Output]);
    expected.bucket = BUCKET.to_owned();
    let page = Page::open(expected.clone()).await;
    let plan = Plan::from_selection(&expected);
    // The custom S3 policy's ARN needs the account: until then the parameter waits for it.
    assert_eq!(page.output_text(Output::PoliciesToAdd), None);
    assert_eq!(
        Some(page.error_text(Field::AccountId)),
        plan.error(Field::AccountId)
    );
    assert_eq!(page.aria_invalid(Field::AccountId).as_deref(), Some("true"));

    page.type_into(Field::AccountId, ACCOUNT).await;
    expected.account_id = ACCOUNT.to_owned();

    let plan = Plan::from_selection(&expected);
    let want = render(&plan, Output::PoliciesToAdd)
        .into_ready()
        .expect("the core plans policiesToAdd once the account is known");
    assert_eq!(page.output_text(Output::PoliciesToAdd), Some(want));
    assert_eq!(page.error_text(Field::AccountId), "");
    assert_eq!(
        page.aria_invalid(Field::AccountId).as_deref(),
        Some("false")
    );
    page.assert_outputs(&expected);
}

#[wasm_bindgen_test]
async fn ticking_s3_output_adds_the_s3_policy() {
    let mut expected = selection(&[Feature::SessionManager]);
    expected.account_id = ACCOUNT.to_owned();
    expected.bucket = BUCKET.to_owned();
    let page = Page::open(expected.clone()).await;
    assert_eq!(page.output_text(Output::S3Policy), None);
    let before = page.output_text(Output::PoliciesToAdd);

    page.click("input[type=checkbox][value=\"s3-output\"]")
        .await;
    expected.features.insert(Feature::S3Output);

    let plan = Plan::from_selection(&expected);
    assert!(
        page.output_text(Output::S3Policy).is_some(),
        "the S3 policy appears once S3 command output is ticked"
    );
    assert_ne!(page.output_text(Output::PoliciesToAdd), before);
    assert_eq!(
        page.output_text(Output::PoliciesToAdd),
        render(&plan, Output::PoliciesToAdd).into_ready()
    );
    page.assert_outputs(&expected);

    // And unticking takes it away again.
    page.click("input[type=checkbox][value=\"s3-output\"]")
        .await;
    expected.features.remove(&Feature::S3Output);
    assert_eq!(page.output_text(Output::S3Policy), None);
    page.assert_outputs(&expected);
}

#[wasm_bindgen_test]
async fn a_bad_bucket_shows_its_error_and_reaches_no_output() {
    const BAD: &str = "Bad_Bucket";
    let mut expected = selection(&[Feature::SessionManager, Feature::S3Output]);
    expected.account_id = ACCOUNT.to_owned();
    expected.role_names = "app-role".to_owned();
    let page = Page::open(expected.clone()).await;

    page.type_into(Field::Bucket, BAD).await;
    expected.bucket = BAD.to_owned();

    let plan = Plan::from_selection(&expected);
    let message = plan
        .error(Field::Bucket)
        .expect("the core rejects the bucket name");
    assert_eq!(page.error_text(Field::Bucket), message);
    assert_eq!(page.aria_invalid(Field::Bucket).as_deref(), Some("true"));
    assert_eq!(page.output_text(Output::S3Policy), None);
    assert!(
        page.find("[data-blocked=\"s3-policy\"]").is_some(),
        "the S3 policy says what it waits for"
    );
    let shown = page.texts("[data-output]");
    assert!(
        !shown.is_empty(),
        "the outputs that do not need the bucket stay"
    );
    for text in shown {
        assert!(
            !text.contains(BAD),
            "the bad bucket reached an output:\n{text}"
        );
    }
    page.assert_outputs(&expected);

    // Fixing it clears the message and brings the policy back.
    page.type_into(Field::Bucket, BUCKET).await;
    expected.bucket = BUCKET.to_owned();
    assert_eq!(page.error_text(Field::Bucket), "");
    assert_eq!(page.aria_invalid(Field::Bucket).as_deref(), Some("false"));
    let s3_policy = page
        .output_text(Output::S3Policy)
        .expect("the S3 policy is back once the bucket is valid");
    assert!(s3_policy.contains(BUCKET));
    page.assert_outputs(&expected);
}

#[wasm_bindgen_test]
async fn choosing_the_custom_vss_policy_adds_its_document() {
    let mut expected = selection(&[Feature::VssSnapshots]);
    expected.account_id = ACCOUNT.to_owned();
    let page = Page::open(expected.clone()).await;
    assert_eq!(page.output_text(Output::VssPolicy), None);

    page.click("input[type=radio][name=\"vss-policy\"][value=\"custom\"]")
        .await;
    expected.vss_policy = VssChoice::Custom;

    assert!(page.output_text(Output::VssPolicy).is_some());
    page.assert_outputs(&expected);

    page.click("input[type=radio][name=\"vss-policy\"][value=\"managed\"]")
        .await;
    expected.vss_policy = VssChoice::Managed;
    assert_eq!(page.output_text(Output::VssPolicy), None);
    page.assert_outputs(&expected);
}

#[wasm_bindgen_test]
async fn the_vpc_endpoint_route_asks_for_regions_then_shows_its_policies() {
    let mut expected = selection(&[Feature::SessionManager]);
    expected.account_id = ACCOUNT.to_owned();
    let page = Page::open(expected.clone()).await;
    assert_eq!(page.output_text(Output::S3EndpointPolicy), None);

    page.click("input[type=radio][name=\"s3-route\"][value=\"vpc-endpoint\"]")
        .await;
    expected.s3_route = S3Route::VpcEndpoint;
    let plan = Plan::from_selection(&expected);
    // With no region typed, the route's policies wait for the regions field.
    assert!(matches!(
        render(&plan, Output::S3EndpointPolicy),
        Part::Blocked(_)
    ));
    assert_eq!(
        Some(page.error_text(Field::Regions)),
        plan.error(Field::Regions)
    );
    page.assert_outputs(&expected);

    page.type_into(Field::Regions, "eu-west-1\nus-east-1").await;
    expected.regions = "eu-west-1\nus-east-1".to_owned();
    assert!(page.output_text(Output::S3EndpointPolicy).is_some());
    assert!(page.output_text(Output::AwsBucketsPolicy).is_some());
    assert_eq!(page.error_text(Field::Regions), "");
    page.assert_outputs(&expected);
}

#[wasm_bindgen_test]
async fn choosing_a_partition_rewrites_every_arn() {
    let mut expected = selection(&[Feature::SessionManager, Feature::S3Output]);
    expected.account_id = ACCOUNT.to_owned();
    expected.bucket = BUCKET.to_owned();
    let page = Page::open(expected.clone()).await;
    let before = page.output_text(Output::PolicyToRemove);

    page.choose(Field::Partition, Partition::AwsUsGov.id())
        .await;
    expected.partition = Partition::AwsUsGov;

    assert_ne!(page.output_text(Output::PolicyToRemove), before);
    let plan = Plan::from_selection(&expected);
    assert_eq!(
        page.output_text(Output::PoliciesToAdd),
        render(&plan, Output::PoliciesToAdd).into_ready()
    );
    page.assert_outputs(&expected);
}

#[wasm_bindgen_test]
async fn start_over_goes_back_to_the_opening_selection() {
    let mut expected = selection(&[Feature::S3Output]);
    expected.account_id = ACCOUNT.to_owned();
    expected.bucket = BUCKET.to_owned();
    let page = Page::open(expected).await;

    page.click_button("Start over").await;

    page.assert_outputs(&Selection::default());
    let account = page
        .get("input[name=\"account-id\"]")
        .dyn_into::<HtmlInputElement>()
        .expect("the account id is an input");
    assert_eq!(account.value(), "");
}
