//! Helpers shared by the workspace tests (the tests themselves are the `[[test]]` targets).

use std::fs;
use std::path::{Path, PathBuf};

/// The committed spec directory.
pub const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec");

/// A copy of the committed spec in a temporary directory, to change on purpose.
pub struct SpecCopy {
    dir: tempfile::TempDir,
}

impl Default for SpecCopy {
    fn default() -> Self {
        Self::new()
    }
}

impl SpecCopy {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        copy_dir(Path::new(SPEC), dir.path());
        Self { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// Replaces the first occurrence of `from` in a spec file; panics if it is not there,
    /// so a test never silently edits nothing.
    pub fn edit(&self, relative: &str, from: &str, to: &str) {
        let path = self.path(relative);
        let text = fs::read_to_string(&path).expect("spec file");
        assert!(text.contains(from), "{relative} has no {from:?}");
        fs::write(&path, text.replacen(from, to, 1)).expect("write spec file");
    }

    /// Writes `text` to a spec file, creating its folder.
    pub fn write(&self, relative: &str, text: &str) {
        let path = self.path(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create spec folder");
        }
        fs::write(path, text).expect("write spec file");
    }

    pub fn remove(&self, relative: &str) {
        fs::remove_file(self.path(relative)).expect("remove spec file");
    }

    /// The 1-based line of the first line of `file` that contains `needle`.
    pub fn line_of(&self, file: &str, needle: &str) -> usize {
        let text = fs::read_to_string(self.path(file)).expect("spec file");
        text.lines()
            .position(|line| line.contains(needle))
            .expect("needle in file")
            + 1
    }

    pub fn lint(&self) -> Vec<String> {
        lfgen::lint_dir(self.root())
            .0
            .iter()
            .map(ToString::to_string)
            .collect()
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create directory");
    for entry in fs::read_dir(from).expect("read spec directory") {
        let entry = entry.expect("directory entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).expect("copy spec file");
        }
    }
}

/// A valid request for a monthly plan: the order most tests send.
pub fn monthly_plan_order() -> linksfield::OrderPackageRequest {
    use linksfield::{GlobalOrder, IsOpen, PackageType, PayRst, PayType, TestFlowFlag};
    linksfield::OrderPackageRequest {
        device_id: "89852022018041800192".into(),
        global_order: GlobalOrder::No,
        is_open: IsOpen::DoNotEnable,
        order_period: "1".into(),
        package_code: "DP20190726001274".into(),
        package_name: "C_M_0_P_中国20M不限速月套餐".into(),
        package_type: PackageType::Monthly,
        pay_amount: "0".into(),
        pay_rst: PayRst::Unpaid,
        pay_type: Some(PayType::Alipay),
        test_flow: "0".into(),
        test_flow_flag: TestFlowFlag::No,
    }
}
