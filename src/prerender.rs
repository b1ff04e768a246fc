//! Puts the page rendered at build time into the built `index.html`: between the tags of the
//! app's element, which must be there once and empty. Text only, no HTML parser: the page is
//! trunk's output of our own `index.html`, and anything unexpected in it stops the build.

use thiserror::Error;

/// The app's element as `index.html` holds it before the rendered page goes in.
pub const EMPTY_ROOT: &str = r#"<div id="app"></div>"#;

/// Why the rendered page could not go into the built page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum PrerenderError {
    /// The built page has no empty app element.
    #[error("the page has no empty {EMPTY_ROOT} to render into")]
    NoRoot,
    /// The built page has it more than once.
    #[error("the page has {0} copies of {EMPTY_ROOT}; it must have one")]
    ManyRoots(usize),
    /// The rendered page is empty: the build would ship a blank page.
    #[error("the rendered page is empty")]
    NothingRendered,
}

/// `rendered` with Yew's component markers emptied of the components' type paths:
/// `<!--<[crate::module::Component]>-->` becomes `<!--<[]>-->`, and the closing marker alike.
/// Hydration reads only the marks around the path, and the paths were a tenth of the page.
/// Text cannot hold a marker: the renderer escapes its `<`.
pub fn compact_markers(rendered: &str) -> String {
    let mut out = String::with_capacity(rendered.len());
    let mut rest = rendered;
    while let Some(at) = rest.find("<!--<") {
        let (before, marker) = rest.split_at(at);
        out.push_str(before);
        let open = if marker.starts_with("<!--</[") {
            "<!--</["
        } else if marker.starts_with("<!--<[") {
            "<!--<["
        } else {
            out.push_str("<!--<");
            rest = &marker["<!--<".len()..];
            continue;
        };
        match marker.find("]>-->") {
            Some(end) if !marker[..end].contains("-->") => {
                out.push_str(open);
                out.push_str("]>-->");
                rest = &marker[end + "]>-->".len()..];
            }
            // Not a whole marker: kept as it is.
            _ => {
                out.push_str(open);
                rest = &marker[open.len()..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The attribute of the app's element that holds how many elements the build rendered into
/// it. Before it hydrates, the app counts them again: a page that something changed first (a
/// browser's translation, an extension) would stop the hydration, so it is drawn afresh.
pub const ELEMENTS_ATTRIBUTE: &str = "data-elements";

/// The number of elements in rendered HTML: each `<` that opens a tag. The renderer escapes
/// every `<` of text and attribute values, so no other `<` is followed by a letter.
pub fn element_count(rendered: &str) -> usize {
    rendered
        .as_bytes()
        .windows(2)
        .filter(|pair| pair[0] == b'<' && pair[1].is_ascii_alphabetic())
        .count()
}

/// `page` with `rendered` inside its app element, which also says how many elements that is
/// (see [`ELEMENTS_ATTRIBUTE`]).
pub fn insert(page: &str, rendered: &str) -> Result<String, PrerenderError> {
    if rendered.trim().is_empty() {
        return Err(PrerenderError::NothingRendered);
    }
    match page.matches(EMPTY_ROOT).count() {
        0 => Err(PrerenderError::NoRoot),
        1 => {
            let filled = format!(
                r#"<div id="app" {ELEMENTS_ATTRIBUTE}="{}">{rendered}</div>"#,
                element_count(rendered)
            );
            Ok(page.replacen(EMPTY_ROOT, &filled, 1))
        }
        n => Err(PrerenderError::ManyRoots(n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rendered_page_goes_inside_the_app_element() {
        let page = "<body><noscript>on</noscript><div id=\"app\"></div></body>";
        assert_eq!(
            insert(page, "<main>plan <b>now</b> a &lt;b&gt; tag</main>"),
            Ok(
                "<body><noscript>on</noscript><div id=\"app\" data-elements=\"2\">\
                <main>plan <b>now</b> a &lt;b&gt; tag</main></div></body>"
                    .into()
            )
        );
    }

    #[test]
    fn elements_are_counted_by_their_opening_tags() {
        assert_eq!(element_count(""), 0);
        assert_eq!(
            element_count("<p>a</p><br><!--<[]>--><input value=\"&lt;x\">"),
            3
        );
    }

    #[test]
    fn a_page_without_one_empty_app_element_is_refused() {
        assert_eq!(insert("<body></body>", "x"), Err(PrerenderError::NoRoot));
        // Rendered once already: the element is no longer empty.
        assert_eq!(
            insert("<div id=\"app\">x</div>", "x"),
            Err(PrerenderError::NoRoot)
        );
        assert_eq!(
            insert("<div id=\"app\"></div><div id=\"app\"></div>", "x"),
            Err(PrerenderError::ManyRoots(2))
        );
        assert_eq!(
            insert("<div id=\"app\"></div>", " \n"),
            Err(PrerenderError::NothingRendered)
        );
    }

    #[test]
    fn component_markers_lose_their_paths_and_nothing_else() {
        let rendered = "<!--<[a::App]>--><p>x &lt;!--&lt;[y]&gt;--&gt;</p><!--<[a::b::Field<T>]>-->\
                        <i>z</i><!--</[a::b::Field<T>]>--><!--</[a::App]>--><!-- other -->";
        assert_eq!(
            compact_markers(rendered),
            "<!--<[]>--><p>x &lt;!--&lt;[y]&gt;--&gt;</p><!--<[]>--><i>z</i><!--</[]>--><!--</[]>--><!-- other -->"
        );
        // Not markers, or cut short: left alone.
        for text in ["<!--<p>-->", "<!--<[a::App", "<!--<[a --> ]>-->", ""] {
            assert_eq!(compact_markers(text), text);
        }
    }

    #[test]
    fn errors_name_what_was_expected() {
        assert_eq!(
            PrerenderError::NoRoot.to_string(),
            "the page has no empty <div id=\"app\"></div> to render into"
        );
    }
}
