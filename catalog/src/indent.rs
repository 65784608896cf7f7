//! Why a YAML line does not parse, when the reason is its indentation. The parser names the
//! symptom ("did not find expected key"); what a contributor needs is the line and the depth it
//! should have, since a key one space off is by far the most common cause.

/// A hint for a syntax error on `line` (1-based, counted in the file) when that line is
/// indented with a tab, or to a depth that no line above it opens; `None` when its indentation
/// is fine (the problem is something else). `src` starts at line `1 + offset` of the file (front
/// matter starts below its `---`).
pub(crate) fn hint(src: &str, line: u32, offset: u32) -> Option<String> {
    let lines: Vec<&str> = src.lines().collect();
    let idx = (line.checked_sub(offset)? as usize).checked_sub(1)?;
    let here = *lines.get(idx)?;
    let body = here.trim_start_matches([' ', '\t']);
    if body.is_empty() {
        return None;
    }
    let lead = &here[..here.len() - body.len()];
    if lead.contains('\t') {
        return Some(format!("line {line} is indented with a tab; YAML indents with spaces only"));
    }
    let depth = lead.len();
    // Depths the lines above open: walking up, every line shallower than all below it is an
    // enclosing level (a `- ` item also opens the column after its dash).
    let mut levels: Vec<usize> = Vec::new();
    let mut shallowest = usize::MAX;
    let mut previous: Option<(usize, &str)> = None;
    for l in lines[..idx].iter().rev() {
        let t = l.trim_start_matches(' ');
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let d = l.len() - t.len();
        previous.get_or_insert((d, t));
        if d < shallowest {
            levels.push(d);
            if let Some(rest) = t.strip_prefix("- ") {
                levels.push(d + 2 + (rest.len() - rest.trim_start().len()));
            }
            shallowest = d;
        }
        if d == 0 {
            break;
        }
    }
    let (prev_depth, prev) = previous?;
    // A deeper line right after `key:` (or `key: |`) is that key's block.
    let opens_block = {
        let text = prev.split(" #").next().unwrap_or(prev).trim_end();
        text.ends_with(':') || text.ends_with('|') || text.ends_with('>') || text == "-"
    };
    if levels.contains(&depth) || (opens_block && depth > prev_depth) {
        return None;
    }
    levels.sort_unstable();
    levels.dedup();
    let list: Vec<String> = levels.iter().map(usize::to_string).collect();
    let list = match list.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => list.join(""),
    };
    Some(format!(
        "line {line} is indented by {depth} space{}, but the lines above it are at {list}: line it up with the key it belongs to",
        if depth == 1 { "" } else { "s" }
    ))
}

#[cfg(test)]
mod tests {
    use super::hint;

    const SPEC: &str = "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      responses:\n        \"200\":\n          description: ok\n   /b:\n    get: {}\n";

    #[test]
    fn a_key_one_space_off_names_the_depths_above() {
        assert_eq!(
            hint(SPEC, 8, 0).unwrap(),
            "line 8 is indented by 3 spaces, but the lines above it are at 0, 2, 4, 6, 8 or 10: line it up with the key it belongs to"
        );
    }

    #[test]
    fn lines_are_counted_in_the_file() {
        assert!(hint(SPEC, 9, 1).unwrap().starts_with("line 9 is indented by 3 spaces"));
    }

    #[test]
    fn a_tab_is_named() {
        assert!(hint("a:\n\tb: 1\n", 2, 0).unwrap().contains("tab"));
    }

    #[test]
    fn well_indented_lines_get_no_hint() {
        assert_eq!(hint(SPEC, 7, 0), None, "a block under `\"200\":`");
        assert_eq!(hint(SPEC, 3, 0), None);
        assert_eq!(hint("params:\n  - name: a\n    in: query\n", 3, 0), None, "keys of a sequence item");
        assert_eq!(hint("params:\n- name: a\n", 2, 0), None, "an indentless sequence");
        assert_eq!(hint("text: |\n   free\n", 2, 0), None);
        assert_eq!(hint("", 1, 0), None);
    }
}
