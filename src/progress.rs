//! The progress bar of the `dyad` binary (not part of the library): run
//! progress in, a bar on stderr out — documents done of the total, MB/s and
//! the time left. It shows only when stderr is a terminal and the run has
//! lasted a moment, so pipes, logs and short runs see nothing of it.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

use dyad::run::Progress;

/// How long a run goes before the bar appears.
const MOMENT: Duration = Duration::from_millis(800);

pub struct Bar {
    bar: ProgressBar,
    bytes: Arc<AtomicU64>,
    shown: AtomicBool,
    started: Instant,
}

impl Bar {
    pub fn new() -> Bar {
        Bar {
            bar: ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden()),
            bytes: Arc::new(AtomicU64::new(0)),
            shown: AtomicBool::new(false),
            started: Instant::now(),
        }
    }

    /// Removes the bar, so that the summary line stands alone.
    pub fn clear(&self) {
        self.bar.finish_and_clear();
    }

    fn style(&self, template: &str) -> ProgressStyle {
        let bytes = Arc::clone(&self.bytes);
        ProgressStyle::with_template(template)
            .expect("valid template")
            .progress_chars("=> ")
            .with_key(
                "mbps",
                move |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                    let seconds = state.elapsed().as_secs_f64().max(1e-3);
                    let mb = bytes.load(Ordering::Relaxed) as f64 / 1e6;
                    let _ = write!(w, "{:.1} MB/s", mb / seconds);
                },
            )
    }
}

impl Progress for Bar {
    fn wants_total(&self) -> bool {
        true
    }

    fn start(&self, documents: Option<u64>) {
        let style = match documents {
            Some(n) => {
                self.bar.set_length(n);
                self.style("{bar:30} {human_pos}/{human_len} documents  {mbps}  ETA {eta}")
            }
            None => self.style("{human_pos} documents  {mbps}  {elapsed}"),
        };
        self.bar.set_style(style);
    }

    fn advance(&self, bytes: u64) {
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
        self.bar.inc(1);
        if self.started.elapsed() > MOMENT && !self.shown.swap(true, Ordering::Relaxed) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }
}
