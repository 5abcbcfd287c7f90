//! dyad turns folders of news documents into a network of who met whom and
//! which countries relate to which.
//!
//! The pipeline, one module per stage:
//! [`read`] → [`tokenize`] → [`matcher`] + [`discover`] → [`resolve`] →
//! [`relations`] → [`write`](mod@write), which also feeds [`graph`] (nodes and edges
//! over the whole run, written as CSV and by [`graphml`]) and [`report`] (the
//! run as one HTML page). [`stdin`] reads
//! documents from a pipe instead of files. [`gazetteer`] loads the data every
//! stage matches against (embedded defaults plus the user's files); [`run`]
//! drives a whole run; [`merge`] combines the outputs of several runs into
//! those of one. Below the stages: [`doc`], the token table of one document
//! that every stage after tokenizing reads, and [`ids`], the stable ids of
//! entities.

pub mod actors;
pub mod discover;
pub mod doc;
pub mod error;
pub mod gazetteer;
pub mod graph;
pub mod graphml;
pub mod ids;
pub mod matcher;
pub mod merge;
pub mod pipeline;
pub mod read;
pub mod relations;
pub mod report;
pub mod resolve;
pub mod run;
pub mod stdin;
mod swar;
#[cfg(test)]
mod testing;
pub mod tokenize;
pub mod write;

pub use error::{Error, Result};
