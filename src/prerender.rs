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

/// `page` with `rendered` inside its app element.
pub fn insert(page: &str, rendered: &str) -> Result<String, PrerenderError> {
    if rendered.trim().is_empty() {
        return Err(PrerenderError::NothingRendered);
    }
    match page.matches(EMPTY_ROOT).count() {
        0 => Err(PrerenderError::NoRoot),
        1 => {
            let open = EMPTY_ROOT.len() - "</div>".len();
            let at = page.find(EMPTY_ROOT).ok_or(PrerenderError::NoRoot)? + open;
            Ok(format!("{}{rendered}{}", &page[..at], &page[at..]))
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
            insert(page, "<main>plan</main>"),
            Ok(
                "<body><noscript>on</noscript><div id=\"app\"><main>plan</main></div></body>"
                    .into()
            )
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
