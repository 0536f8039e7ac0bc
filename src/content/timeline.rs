//! Which edition is current. Given "today", every edition of a policy is either not
//! published (a draft, or posted after today), upcoming (posted, not yet in effect), current
//! (the latest version in effect) or archived, and each that was ever in force gets the
//! period it was in force. Status is a property of the edition, not of a language: a
//! translation shares the status of its original.

use time::Date;

use super::Edition;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Current,
    Upcoming,
    Archived,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Current => "current",
            Status::Upcoming => "upcoming",
            Status::Archived => "archived",
        }
    }
}

/// One published edition's place in the timeline.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Index into the policy's `editions`.
    pub index: usize,
    pub status: Status,
    /// First and last day in force (`None` last day: still in force). `None` for upcoming
    /// editions and for those superseded before they took effect.
    pub in_force: Option<(Date, Option<Date>)>,
}

/// The published editions of one policy, oldest first.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    pub entries: Vec<Entry>,
}

impl Timeline {
    /// Resolves `editions` (sorted by version) as of `today`.
    pub fn resolve(editions: &[Edition], today: Date, drafts: bool) -> Timeline {
        let published: Vec<usize> = (0..editions.len())
            .filter(|&i| is_published(&editions[i], today, drafts))
            .collect();
        let current = published
            .iter()
            .rev()
            .copied()
            .find(|&i| editions[i].effective <= today);
        let entries = published
            .iter()
            .map(|&index| {
                let edition = &editions[index];
                let status = match current {
                    Some(c) if c == index => Status::Current,
                    _ if edition.effective > today => Status::Upcoming,
                    _ => Status::Archived,
                };
                let in_force = period(editions, &published, index, today);
                Entry {
                    index,
                    status,
                    in_force,
                }
            })
            .collect();
        Timeline { entries }
    }

    pub fn current(&self) -> Option<&Entry> {
        self.entries.iter().find(|e| e.status == Status::Current)
    }

    /// The next edition to take effect.
    pub fn upcoming(&self) -> Option<&Entry> {
        self.entries.iter().find(|e| e.status == Status::Upcoming)
    }

    /// The published edition before `index`, in version order.
    pub fn previous(&self, index: usize) -> Option<&Entry> {
        self.entries.iter().rev().find(|e| e.index < index)
    }

    pub fn next(&self, index: usize) -> Option<&Entry> {
        self.entries.iter().find(|e| e.index > index)
    }
}

fn is_published(edition: &Edition, today: Date, drafts: bool) -> bool {
    if edition.draft {
        drafts
    } else {
        edition.published <= today
    }
}

/// An edition is in force from its effective date until the day before a later published
/// edition takes effect; one replaced on or before its own effective day never was.
fn period(
    editions: &[Edition],
    published: &[usize],
    index: usize,
    today: Date,
) -> Option<(Date, Option<Date>)> {
    let from = editions[index].effective;
    if from > today {
        return None;
    }
    let successor = published
        .iter()
        .filter(|&&i| i > index && editions[i].effective <= today)
        .map(|&i| editions[i].effective)
        .min();
    match successor {
        None => Some((from, None)),
        Some(next) if next <= from => None,
        Some(next) => Some((from, next.previous_day())),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use time::macros::date;

    use super::*;
    use crate::content::Version;

    fn edition(v: &str, published: Date, effective: Date) -> Edition {
        Edition {
            version: Version::parse(v).unwrap(),
            published,
            effective,
            draft: false,
            texts: BTreeMap::new(),
        }
    }

    #[test]
    fn latest_effective_is_current_and_later_ones_upcoming_or_unpublished() {
        let editions = [
            edition("1.0", date!(2020 - 01 - 01), date!(2020 - 01 - 01)),
            edition("2.0", date!(2023 - 01 - 01), date!(2023 - 02 - 01)),
            edition("2.1", date!(2024 - 03 - 01), date!(2024 - 03 - 15)),
            edition("3.0", date!(2024 - 04 - 01), date!(2024 - 04 - 01)),
        ];
        let t = Timeline::resolve(&editions, date!(2024 - 03 - 10), false);
        let statuses: Vec<_> = t.entries.iter().map(|e| (e.index, e.status)).collect();
        assert_eq!(
            statuses,
            vec![
                (0, Status::Archived),
                (1, Status::Current),
                (2, Status::Upcoming)
            ]
        );
        assert_eq!(
            t.entries[0].in_force,
            Some((date!(2020 - 01 - 01), Some(date!(2023 - 01 - 31))))
        );
        assert_eq!(t.entries[1].in_force, Some((date!(2023 - 02 - 01), None)));
        assert_eq!(t.entries[2].in_force, None);
    }

    #[test]
    fn on_the_effective_day_the_new_edition_is_current() {
        let editions = [
            edition("1", date!(2024 - 01 - 01), date!(2024 - 01 - 01)),
            edition("2", date!(2024 - 03 - 01), date!(2024 - 03 - 15)),
        ];
        let t = Timeline::resolve(&editions, date!(2024 - 03 - 15), false);
        assert_eq!(t.current().unwrap().index, 1);
        assert_eq!(
            t.entries[0].in_force,
            Some((date!(2024 - 01 - 01), Some(date!(2024 - 03 - 14))))
        );
    }

    #[test]
    fn drafts_appear_only_when_asked_for() {
        let mut editions = [
            edition("1", date!(2024 - 01 - 01), date!(2024 - 01 - 01)),
            edition("2", date!(2030 - 01 - 01), date!(2030 - 01 - 01)),
        ];
        editions[1].draft = true;
        assert_eq!(
            Timeline::resolve(&editions, date!(2025 - 01 - 01), false)
                .entries
                .len(),
            1
        );
        let with_drafts = Timeline::resolve(&editions, date!(2025 - 01 - 01), true);
        assert_eq!(with_drafts.entries[1].status, Status::Upcoming);
    }
}
