//! Institution logos: a file inside content/ named by the `logo` front-matter key. A raster
//! image (PNG, JPEG, WebP, GIF) is taken as it is once its first bytes say it is what its name
//! says; an SVG is rebuilt from an allow-list of drawing elements and attributes, so nothing that
//! runs or fetches (scripts, event handlers, links, external references, styles, foreign
//! objects, entities) survives, even when someone opens the file itself rather than the page.

use std::path::Path;
use std::sync::Arc;

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, Writer};

use crate::diag::Diagnostic;
use crate::doc::Pos;

/// Largest logo file.
pub const MAX_LOGO_BYTES: u64 = 256 * 1024;

/// A logo ready to publish.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Logo {
    /// The file it came from, relative to content/.
    pub file: String,
    /// `png`, `jpg`, `webp`, `gif` or `svg`: the published file's extension.
    pub extension: &'static str,
    /// The bytes to publish (an SVG's are the sanitized ones).
    #[serde(skip)]
    pub bytes: Arc<[u8]>,
}

/// Reads the logo `path` named in `md` (a markdown file relative to content/) at `pos`.
pub(crate) fn read(content: &Path, md: &str, path: &str, pos: Pos, diags: &mut Vec<Diagnostic>) -> Option<Logo> {
    let fail = |message: String, hint: &str| Diagnostic::error("metadata/logo", md, Some(pos), message).with_hint(hint);
    let Some(rel) = confined(md, path) else {
        diags.push(fail(format!("the logo `{path}` is outside content/"), "name a file inside content/, relative to this file: `logos/urzad.svg`"));
        return None;
    };
    let full = content.join(&rel);
    let meta = match std::fs::symlink_metadata(&full) {
        Ok(m) if m.is_file() => m,
        Ok(_) => {
            diags.push(fail(format!("the logo `{path}` is not a plain file"), "point at the image file itself, not a folder or a link"));
            return None;
        }
        Err(_) => {
            diags.push(fail(format!("the logo `{path}` does not exist (looked for content/{rel})"), "the path is relative to this file"));
            return None;
        }
    };
    if meta.len() > MAX_LOGO_BYTES {
        diags.push(fail(format!("the logo `{path}` has {} bytes; at most {MAX_LOGO_BYTES} are allowed", meta.len()), "export it smaller, or as SVG"));
        return None;
    }
    let bytes = match std::fs::read(&full) {
        Ok(b) => b,
        Err(e) => {
            diags.push(fail(format!("the logo `{path}` cannot be read: {e}"), "check the file's permissions"));
            return None;
        }
    };
    let ext = rel.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let (extension, ok): (&'static str, bool) = match ext.as_str() {
        "png" => ("png", bytes.starts_with(b"\x89PNG\r\n\x1a\n")),
        "jpg" | "jpeg" => ("jpg", bytes.starts_with(b"\xff\xd8\xff")),
        "webp" => ("webp", bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP"),
        "gif" => ("gif", bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a")),
        "svg" => match sanitize_svg(&bytes) {
            Ok(clean) => return Some(Logo { file: rel, extension: "svg", bytes: clean.into() }),
            Err(why) => {
                diags.push(fail(format!("the logo `{path}` is not a usable SVG: {why}"), "save it as plain SVG (no scripts, styles or links), or as PNG"));
                return None;
            }
        },
        _ => {
            diags.push(fail(format!("the logo `{path}` is not an image this catalog publishes"), "use SVG, PNG, JPEG, WebP or GIF"));
            return None;
        }
    };
    if !ok {
        diags.push(fail(
            format!("the logo `{path}` is not a {} file: its first bytes say otherwise", ext.to_uppercase()),
            "export it again, or fix its extension",
        ));
        return None;
    }
    Some(Logo { file: rel, extension, bytes: bytes.into() })
}

/// `path` relative to the folder of `md`, as a path inside content/ (`None` when it leaves it).
fn confined(md: &str, path: &str) -> Option<String> {
    if path.starts_with('/') || path.contains('\\') || path.contains(':') {
        return None;
    }
    let dir: Vec<&str> = md.rsplit_once('/').map(|(d, _)| d.split('/').collect()).unwrap_or_default();
    crate::relpath::normalize(&dir, path).filter(|p| !p.is_empty())
}

/// Drawing elements kept (everything else is dropped with its content).
const ELEMENTS: &[&str] = &[
    "svg",
    "g",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "title",
    "desc",
    "defs",
    "lineargradient",
    "radialgradient",
    "stop",
    "clippath",
    "mask",
    "text",
    "tspan",
    "symbol",
    "use",
];
/// Attributes kept (lowercased, without namespace prefix for `xml:` ones).
const ATTRIBUTES: &[&str] = &[
    "xmlns",
    "version",
    "viewbox",
    "width",
    "height",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "fx",
    "fy",
    "d",
    "points",
    "transform",
    "fill",
    "fill-rule",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-opacity",
    "opacity",
    "clip-path",
    "clip-rule",
    "mask",
    "offset",
    "stop-color",
    "stop-opacity",
    "gradientunits",
    "gradienttransform",
    "spreadmethod",
    "clippathunits",
    "maskunits",
    "preserveaspectratio",
    "id",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "text-anchor",
    "dominant-baseline",
    "letter-spacing",
    "role",
    "aria-label",
    "aria-hidden",
    "href",
    "xlink:href",
    "xmlns:xlink",
    "lang",
    "xml:lang",
    "visibility",
    "display",
    "vector-effect",
];

/// The SVG rebuilt from the allow-lists: `Err` when it is not well-formed XML, declares a DTD
/// or entities, or its root is not `<svg>`.
pub fn sanitize_svg(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())?;
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut out = Writer::new(Vec::with_capacity(bytes.len()));
    let mut skipping = 0usize; // depth inside a dropped element
    let mut depth = 0usize;
    let mut saw_root = false;
    loop {
        let event = reader.read_event().map_err(|e| format!("not well-formed XML ({e})"))?;
        match event {
            Event::Eof => break,
            Event::DocType(_) => return Err("it declares a DTD (entities could expand or fetch)".into()),
            // Inside a dropped element: everything, text included, goes with it.
            Event::Start(_) if skipping > 0 => skipping += 1,
            Event::End(_) if skipping > 0 => skipping -= 1,
            _ if skipping > 0 => {}
            Event::Start(e) => {
                let name = e.name().as_ref().to_ascii_lowercase();
                if depth == 0 {
                    if saw_root || name != "svg" {
                        return Err("its root element is not <svg>".into());
                    }
                    saw_root = true;
                }
                depth += 1;
                if ELEMENTS.contains(&name.as_str()) {
                    out.write_event(Event::Start(clean_element(&e)?)).map_err(|e| e.to_string())?;
                } else {
                    depth -= 1;
                    skipping = 1;
                }
            }
            Event::Empty(e) => {
                let name = e.name().as_ref().to_ascii_lowercase();
                if depth == 0 {
                    return Err("its root element is not <svg>".into());
                }
                if ELEMENTS.contains(&name.as_str()) {
                    out.write_event(Event::Empty(clean_element(&e)?)).map_err(|e| e.to_string())?;
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                out.write_event(Event::End(e)).map_err(|e| e.to_string())?;
            }
            Event::Text(t) if depth > 0 => out.write_event(Event::Text(t)).map_err(|e| e.to_string())?,
            Event::GeneralRef(_) => return Err("it uses an entity reference".into()),
            // Comments, processing instructions, CDATA (a <style> or <script> body), text outside the root.
            _ => {}
        }
    }
    if !saw_root {
        return Err("it has no <svg> element".into());
    }
    Ok(out.into_inner())
}

/// The element with only allowed attributes; a link must point inside the file (`#id`), and
/// no value may reference anything outside it (`url(` is allowed only as `url(#…)`).
fn clean_element(e: &BytesStart<'_>) -> Result<BytesStart<'static>, String> {
    let name = e.name().as_ref().to_string();
    let mut clean = BytesStart::new(name);
    for attr in e.attributes() {
        let attr = attr.map_err(|e| format!("a broken attribute ({e})"))?;
        let key = attr.key.as_ref().to_ascii_lowercase();
        if !ATTRIBUTES.contains(&key.as_str()) {
            continue;
        }
        let value = attr.normalized_value(quick_xml::XmlVersion::default()).map_err(|e| format!("a broken attribute value ({e})"))?.into_owned();
        let v = value.trim().to_ascii_lowercase();
        if key.ends_with("href") && !v.starts_with('#') {
            continue;
        }
        if key.starts_with("xmlns") && !v.starts_with("http://www.w3.org/") {
            continue;
        }
        if v.contains("url(") && !v.split("url(").skip(1).all(|rest| rest.trim_start().starts_with('#')) {
            continue;
        }
        if v.contains("javascript:") || v.contains("expression(") {
            continue;
        }
        clean.push_attribute((attr.key.as_ref(), value.as_str()));
    }
    Ok(clean)
}

#[cfg(test)]
#[path = "logo_tests.rs"]
mod tests;
