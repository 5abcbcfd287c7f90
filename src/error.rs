//! The library's error type.
//!
//! Configuration problems (a gazetteer row that does not parse, an output
//! folder that cannot be written) stop a run before any document is read;
//! problems with one document never become an `Error`: they are reported as a
//! status row in `documents.csv` and the run goes on.

use std::path::PathBuf;

/// Everything that can stop a run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A data file (gazetteer, title list, trigger list) has a bad row.
    #[error("{path}:{line}: {message}")]
    Data {
        path: PathBuf,
        line: u64,
        message: String,
    },
    /// A file or folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A CSV file could not be written.
    #[error("{path}: {source}")]
    Csv {
        path: PathBuf,
        #[source]
        source: csv::Error,
    },
    /// The output folder cannot be created or written: found before any
    /// document is read.
    #[error("cannot write the output folder {path}: {source}")]
    Output {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A part given to `dyad merge` is not what a run writes.
    #[error("{path}:{line}: {message}")]
    Part {
        path: PathBuf,
        line: u64,
        message: String,
    },
    /// The command line asks for something that cannot be done.
    #[error("{0}")]
    Usage(String),
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// A write to a pipe whose reader has gone (`dyad - -o - | head`): the
    /// reader has what it wanted, so this is no failure.
    pub fn is_broken_pipe(&self) -> bool {
        let io = match self {
            Error::Io { source, .. } => Some(source),
            Error::Csv { source, .. } => match source.kind() {
                csv::ErrorKind::Io(e) => Some(e),
                _ => None,
            },
            _ => None,
        };
        io.is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    }

    pub(crate) fn part(path: impl Into<PathBuf>, line: u64, message: impl Into<String>) -> Error {
        Error::Part {
            path: path.into(),
            line,
            message: message.into(),
        }
    }

    pub(crate) fn data(path: impl Into<PathBuf>, line: u64, message: impl Into<String>) -> Error {
        Error::Data {
            path: path.into(),
            line,
            message: message.into(),
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;
