//! The committed default gazetteers are exactly what the converter makes
//! from `../shared/data` (skipped, with a message, where that is absent).

mod common;

use std::path::PathBuf;
use std::process::Command;

#[test]
fn converter_reproduces_the_committed_gazetteers() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let Some(data) = common::converter_data("SOURCES.md") else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let status = Command::new("python3")
        .arg(repo.join("tools/build_gazetteers.py"))
        .arg("--data")
        .arg(&data)
        .arg("--out")
        .arg(out.path())
        .arg("--curated")
        .arg(repo.join("gazetteers"))
        .status()
        .unwrap();
    assert!(status.success(), "the converter failed");
    for name in [
        "countries.csv",
        "people.csv",
        "organizations.csv",
        "places.csv",
    ] {
        let built = std::fs::read(out.path().join(name)).unwrap();
        let committed = std::fs::read(repo.join("gazetteers").join(name)).unwrap();
        assert!(
            built == committed,
            "gazetteers/{name} differs from what tools/build_gazetteers.py makes"
        );
    }
}
