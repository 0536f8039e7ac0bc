//! The codes of `check`'s findings. A code is a promise to users: it appears in the output
//! (`warning[placeholder]`), in JSON and in `[lint] allow` lists that are committed with the
//! content, so codes are added but never renamed.

/// Every rule of `check` that has a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    Placeholder,
    ExportDebris,
    BrokenBold,
    NumberingGap,
    NumberingRepeat,
    OperatorContact,
    EmptySummary,
    UnusedAllow,
    MissingOperator,
    MissingDataCategories,
    MissingPurposes,
    MissingThirdParties,
    MissingCrossBorder,
    MissingStorageLocation,
    MissingRetention,
    MissingRights,
    MissingWithdrawal,
    MissingChangesNotice,
    MissingEffectiveDate,
    BrokenLink,
}

impl Code {
    pub const ALL: [Code; 20] = [
        Code::Placeholder,
        Code::ExportDebris,
        Code::BrokenBold,
        Code::NumberingGap,
        Code::NumberingRepeat,
        Code::OperatorContact,
        Code::EmptySummary,
        Code::UnusedAllow,
        Code::MissingOperator,
        Code::MissingDataCategories,
        Code::MissingPurposes,
        Code::MissingThirdParties,
        Code::MissingCrossBorder,
        Code::MissingStorageLocation,
        Code::MissingRetention,
        Code::MissingRights,
        Code::MissingWithdrawal,
        Code::MissingChangesNotice,
        Code::MissingEffectiveDate,
        Code::BrokenLink,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Code::Placeholder => "placeholder",
            Code::ExportDebris => "export-debris",
            Code::BrokenBold => "broken-bold",
            Code::NumberingGap => "numbering-gap",
            Code::NumberingRepeat => "numbering-repeat",
            Code::OperatorContact => "operator-contact",
            Code::EmptySummary => "empty-summary",
            Code::UnusedAllow => "unused-allow",
            Code::MissingOperator => "missing-operator",
            Code::MissingDataCategories => "missing-data-categories",
            Code::MissingPurposes => "missing-purposes",
            Code::MissingThirdParties => "missing-third-parties",
            Code::MissingCrossBorder => "missing-cross-border",
            Code::MissingStorageLocation => "missing-storage-location",
            Code::MissingRetention => "missing-retention",
            Code::MissingRights => "missing-rights",
            Code::MissingWithdrawal => "missing-withdrawal",
            Code::MissingChangesNotice => "missing-changes-notice",
            Code::MissingEffectiveDate => "missing-effective-date",
            Code::BrokenLink => "broken-link",
        }
    }

    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|c| c.name() == name)
    }

    /// Errors fail `check` and stop `build`; they cannot be allowed away.
    pub fn is_error(self) -> bool {
        self == Code::BrokenLink
    }

    /// A warning with this code, for `file`.
    pub fn warning(
        self,
        file: impl Into<std::path::PathBuf>,
        message: impl Into<String>,
    ) -> crate::diagnostics::Diagnostic {
        crate::diagnostics::Diagnostic::warning(file, message).with_code(self.name())
    }

    /// The names of the codes that can be silenced, for hints.
    pub fn allowable_names() -> Vec<String> {
        Code::ALL
            .into_iter()
            .filter(|c| !c.is_error())
            .map(|c| c.name().to_string())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        for code in Code::ALL {
            assert_eq!(Code::from_name(code.name()), Some(code));
        }
        let mut names: Vec<_> = Code::ALL.iter().map(|c| c.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
    }
}
