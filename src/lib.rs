//! Plans the move of instance roles off the deprecated `AmazonEC2RoleforSSM` managed policy.
//!
//! The core (`catalog` → `plan` → `render`, plus `input` for user text, `denial` for pasted
//! errors and `estate` for an account's export) is pure and never touches the browser; `components` and `state` are the thin Yew view over it, and `crash`
//! the words the page says if a bug stops it.

pub mod catalog;
pub mod components;
pub mod crash;
pub mod denial;
pub mod estate;
pub mod input;
pub mod plan;
pub mod policy;
pub mod prerender;
pub mod render;
pub mod rewrite;
pub mod state;
pub mod text;
