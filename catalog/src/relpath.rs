//! Paths inside the content folder, resolved by their text alone (`.` and `..` taken away), so
//! that a path which climbs out is recognised before anything is opened.

/// `dir` + `path`, with `.` and `..` resolved lexically; `None` if it climbs out of the folder.
pub(crate) fn normalize(dir: &[&str], path: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.to_vec();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}
