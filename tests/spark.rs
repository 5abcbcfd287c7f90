//! The Spark job of `examples/spark/` for real: Spark in `local[2]` mode
//! pipes the sample and evaluation documents through dyad in 4 partitions
//! and merges the parts; the merged files must be those of one dyad run
//! over the same folder, byte for byte, and the edges merged in Spark as a
//! DataFrame must be as many as those of `edges.csv`.
//!
//! Needs Java 17 or later and `pyspark` (`.ci/run` installs both: the
//! `openjdk-17-jre-headless` system package and `pip install pyspark`).
//! Without them the test FAILS, saying what is missing, unless
//! `DYAD_SKIP_SPARK=1` is set, in which case it says loudly that it was
//! skipped.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{assert_same_files, corpus, run_into};

/// `spark-submit` of the installed pyspark, or why there is none.
fn spark_submit() -> Result<PathBuf, String> {
    let java = Command::new("java").arg("-version").output();
    if !java.is_ok_and(|o| o.status.success()) {
        return Err("no `java` on the PATH (apt-get install openjdk-17-jre-headless)".into());
    }
    let python = python();
    let found = Command::new(&python)
        .args([
            "-c",
            "import os, pyspark; print(os.path.join(os.path.dirname(pyspark.__file__), 'bin', 'spark-submit'))",
        ])
        .output();
    match found {
        Ok(o) if o.status.success() => {
            let path = PathBuf::from(String::from_utf8_lossy(&o.stdout).trim());
            match path.is_file() {
                true => Ok(path),
                false => Err(format!("pyspark has no {}", path.display())),
            }
        }
        Ok(o) => Err(format!(
            "{python} cannot import pyspark (pip install pyspark): {}",
            String::from_utf8_lossy(&o.stderr).trim()
        )),
        Err(e) => Err(format!("no {python}: {e}")),
    }
}

fn python() -> String {
    std::env::var("PYSPARK_PYTHON").unwrap_or_else(|_| "python3".into())
}

#[test]
fn a_spark_job_in_four_partitions_gives_the_files_of_one_run() {
    let submit = match spark_submit() {
        Ok(s) => s,
        Err(why) if std::env::var_os("DYAD_SKIP_SPARK").is_some_and(|v| v == "1") => {
            eprintln!("\n*** SPARK TEST SKIPPED (DYAD_SKIP_SPARK=1): {why} ***\n");
            return;
        }
        Err(why) => panic!(
            "the Spark test cannot run: {why}. Run .ci/run (which installs Java and \
             pyspark), or set DYAD_SKIP_SPARK=1 to skip it knowingly."
        ),
    };
    let tmp = tempfile::tempdir().unwrap();
    let corpus_dir = tmp.path().join("corpus");
    let docs = corpus(&corpus_dir);
    assert!(docs.len() >= 5, "{} documents", docs.len());
    let single = tmp.path().join("single");
    run_into(&corpus_dir, &single);

    let parts = tmp.path().join("parts");
    let merged = tmp.path().join("merged");
    let script = common::repo().join("examples/spark/dyad_spark.py");
    let output = Command::new(&submit)
        .args(["--master", "local[2]"])
        .args(["--conf", "spark.ui.enabled=false"])
        .arg("--files")
        .arg(env!("CARGO_BIN_EXE_dyad"))
        .arg(&script)
        .arg("--input")
        .arg(&corpus_dir)
        .args(["--partitions", "4"])
        .arg("--parts")
        .arg(&parts)
        .arg("--output")
        .arg(&merged)
        .arg("--edges-table")
        .env("PYSPARK_PYTHON", python())
        .env("SPARK_LOCAL_IP", "127.0.0.1")
        .output()
        .unwrap();
    // The Python driver's messages come on spark-submit's standard output.
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "spark-submit failed:\n{stderr}\n{stdout}"
    );
    let mut part_files: Vec<String> = std::fs::read_dir(&parts)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("part-"))
        .collect();
    part_files.sort();
    assert_eq!(part_files.len(), 4, "{part_files:?}");
    // Every partition had documents: the merge had something to do.
    for name in &part_files {
        let text = std::fs::read_to_string(parts.join(name)).unwrap();
        assert!(text.contains("{\"table\":\"document\""), "{name} is empty");
    }
    assert_same_files(&single, &merged);
    // The edges merged in Spark as a DataFrame are those of edges.csv.
    let edges = std::fs::read_to_string(single.join("edges.csv")).unwrap();
    let expected = format!(
        "dyad_spark: {} edges in the Spark table dyad_edges",
        edges.lines().count() - 1
    );
    assert!(stdout.contains(&expected), "{expected:?} not in:\n{stdout}");
}
