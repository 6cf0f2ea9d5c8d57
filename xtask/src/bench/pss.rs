//! Memory of a process tree as its proportional set size (PSS): each process's private pages plus
//! its share of the pages it maps with others. Summing PSS over the app and the WebKit processes it
//! starts (WebKitWebProcess, WebKitNetworkProcess, and any bubblewrap wrappers between) counts a
//! shared library once, where summing RSS would count it once per process.
//!
//! Linux only: `Pss:` from `/proc/<pid>/smaps_rollup` (kernel 4.14+), parents from
//! `/proc/<pid>/stat`. See proc(5).

use std::{fmt, fs, io};

use crate::shell::Failure;

/// One process of the tree and its PSS.
pub struct ProcessPss {
    pub pid: u32,
    /// The kernel's short name (`comm`), e.g. `WebKitWebProces` (15 characters at most).
    pub name: String,
    pub kib: u64,
}

/// The PSS of a process and all its descendants at one moment.
pub struct TreePss {
    pub processes: Vec<ProcessPss>,
}

impl TreePss {
    pub fn total_kib(&self) -> u64 {
        self.processes.iter().map(|process| process.kib).sum()
    }

    /// `12.3 MiB`, for Markdown rows.
    pub fn total_mib(&self) -> String {
        mebibytes(self.total_kib())
    }
}

impl fmt::Display for TreePss {
    /// `52.1 MiB (gatehouse[812] 20.0 MiB, WebKitWebProces[830] 25.0 MiB, ...)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .processes
            .iter()
            .map(|process| {
                format!(
                    "{}[{}] {}",
                    process.name,
                    process.pid,
                    mebibytes(process.kib)
                )
            })
            .collect();
        write!(f, "{} ({})", self.total_mib(), parts.join(", "))
    }
}

pub fn mebibytes(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

/// The PSS of `root` and every process descended from it. A descendant that exits while it is
/// being read is left out; `root` itself must be readable.
pub fn of_tree(root: u32) -> Result<TreePss, Failure> {
    let mut processes = Vec::new();
    for pid in tree(root)? {
        match of_process(pid) {
            Ok(process) => processes.push(process),
            Err(error) if pid != root && gone(&error) => {}
            Err(error) => {
                return Err(Failure::new(format!(
                    "could not read the memory of process {pid}: {error}"
                )))
            }
        }
    }
    Ok(TreePss { processes })
}

/// `root` first, then its descendants (children before grandchildren).
pub fn tree(root: u32) -> Result<Vec<u32>, Failure> {
    let parents = parent_table()?;
    let mut tree = vec![root];
    let mut next = 0;
    while next < tree.len() {
        let parent = tree[next];
        tree.extend(
            parents
                .iter()
                .filter(|(_, ppid)| *ppid == parent)
                .map(|(pid, _)| *pid),
        );
        next += 1;
    }
    Ok(tree)
}

fn of_process(pid: u32) -> io::Result<ProcessPss> {
    let rollup = fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))?;
    let kib = pss_kib(&rollup).ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidData, "no `Pss:` line in smaps_rollup")
    })?;
    let name = fs::read_to_string(format!("/proc/{pid}/comm"))?
        .trim_end()
        .to_owned();
    Ok(ProcessPss { pid, name, kib })
}

/// A process that exited between the listing and the read: its files vanish, or read empty.
fn gone(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::NotFound | io::ErrorKind::InvalidData
    ) || error.raw_os_error() == Some(3) // ESRCH
}

/// Every live process as (pid, parent pid).
fn parent_table() -> Result<Vec<(u32, u32)>, Failure> {
    let mut table = Vec::new();
    for entry in fs::read_dir("/proc")? {
        let Some(pid) = entry?
            .file_name()
            .to_str()
            .and_then(|name| name.parse::<u32>().ok())
        else {
            continue;
        };
        // Gone since the listing: not part of any tree any more.
        if let Some(ppid) = fs::read_to_string(format!("/proc/{pid}/stat"))
            .ok()
            .and_then(|stat| parent_pid(&stat))
        {
            table.push((pid, ppid));
        }
    }
    Ok(table)
}

/// The 4th field of `/proc/<pid>/stat`. The 2nd, `(comm)`, may hold spaces and parentheses, so
/// the fields are counted from its last `)`.
fn parent_pid(stat: &str) -> Option<u32> {
    let (_, after_name) = stat.rsplit_once(')')?;
    after_name.split_whitespace().nth(1)?.parse().ok()
}

/// The `Pss:` line of `smaps_rollup`, in KiB.
fn pss_kib(rollup: &str) -> Option<u64> {
    rollup.lines().find_map(|line| {
        let value = line.strip_prefix("Pss:")?;
        value.trim().strip_suffix("kB")?.trim().parse().ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pss_line_is_read_and_not_its_anon_or_file_parts() {
        let rollup = "55d0c-7ffe [rollup]\nRss:               51200 kB\nPss:               \
                      20480 kB\nPss_Anon:          10000 kB\nPss_File:           9000 kB\n";
        assert_eq!(pss_kib(rollup), Some(20480));
        assert_eq!(pss_kib("Rss: 5 kB\n"), None);
    }

    #[test]
    fn the_parent_is_found_after_a_name_with_spaces_and_parentheses() {
        assert_eq!(parent_pid("42 (Web (Content) x) S 17 42 42 0"), Some(17));
        assert_eq!(parent_pid("42 (gatehouse) R"), None);
    }

    #[test]
    fn this_process_and_a_child_it_starts_are_one_tree() {
        let mut child = std::process::Command::new("sleep")
            .arg("10")
            .spawn()
            .expect("sleep starts");
        let me = std::process::id();
        let pss = of_tree(me).expect("our own tree is readable");
        let _ = child.kill();
        let _ = child.wait();
        let pids: Vec<u32> = pss.processes.iter().map(|process| process.pid).collect();
        assert_eq!(pids.first(), Some(&me));
        assert!(pids.contains(&child.id()), "{pids:?}");
        assert!(pss.total_kib() > 0);
        assert!(pss.total_kib() >= pss.processes[0].kib);
    }
}
