//! `katalog serve` as a contributor runs it in a git checkout: it builds, then rebuilds on an
//! edit and again when the edit is committed (the changelog comes from git, and a commit
//! changes no file of content/).

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::breaking::Repo;

/// Stops the server when the test ends, passed or not.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Waits (up to 60 s) until the file at `page` contains `text`.
fn wait_for(page: &Path, text: &str) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        if std::fs::read_to_string(page).is_ok_and(|p| p.contains(text)) {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("{} never showed {text:?}", page.display());
}

#[test]
fn serve_rebuilds_on_an_edit_and_again_when_it_is_committed() {
    let r = Repo::with_fixture("valid");
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let port = free_port().to_string();
    let _server = Running(
        Command::new(env!("CARGO_BIN_EXE_katalog"))
            .args(["serve", "--content", r.content().to_str().unwrap(), "--out", site.to_str().unwrap(), "--port", &port])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("katalog serve starts"),
    );
    let page = site.join("apis/pogoda/index.html");
    wait_for(&page, "Initial catalog");

    r.edit("apis/pogoda/index.md", "Dane pogodowe na danych syntetycznych.", "Pomiary godzinowe na danych syntetycznych.");
    wait_for(&page, "Pomiary godzinowe");
    let before = std::fs::read_to_string(&page).unwrap();
    assert!(!before.contains("Opis pogody zmieniony"), "the commit is not made yet");

    r.commit("Opis pogody zmieniony");
    wait_for(&page, "Opis pogody zmieniony");
}
